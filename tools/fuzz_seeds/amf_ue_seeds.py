#!/usr/bin/env python3
"""Seeds the amf_ue fuzz target's corpus from real captures (issue 15).

For each capture, every NGAP PDU a gNB sent to an AMF (SCTP destination port
38412) becomes one "raw NGAP" step of tests/fuzz/amf_ue/fuzz.cpp (kind 0, a
2-octet length, the PDU), in capture order, each followed by a scripted-UE
step (kind 3) so that the AMF's own answers are exercised too. tshark
(Debian package tshark) extracts the PDUs.

    tools/fuzz_seeds/amf_ue_seeds.py ../shared/pcaps/*.pcap* tests/fuzz/amf_ue/corpus
"""
import json
import pathlib
import subprocess
import sys


def ngap_from_gnb(capture):
    out = subprocess.run(["tshark", "-r", str(capture), "-Y", "ngap && sctp.dstport == 38412", "-T", "json", "-x"],
                         check=True, capture_output=True, text=True).stdout
    for packet in json.loads(out or "[]"):
        raw = packet["_source"]["layers"].get("ngap_raw")
        if raw is None:
            continue
        # One PDU: [hex, offset, length, ...]; several in one packet: a list of those.
        for item in (raw if isinstance(raw[0], list) else [raw]):
            yield bytes.fromhex(item[0])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus = pathlib.Path(sys.argv[-1])
    corpus.mkdir(parents=True, exist_ok=True)
    for capture in map(pathlib.Path, sys.argv[1:-1]):
        seed = bytearray()
        count = 0
        for pdu in ngap_from_gnb(capture):
            if len(pdu) > 0xFFFF:
                continue
            seed += bytes([0]) + len(pdu).to_bytes(2, "big") + pdu + bytes([3])
            count += 1
        if count:
            name = corpus / ("pcap_" + capture.name.split(".")[0])
            name.write_bytes(bytes(seed))
            print(f"{name}: {count} NGAP PDUs from {capture.name}")


if __name__ == "__main__":
    main()
