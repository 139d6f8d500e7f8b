#!/usr/bin/env python3
"""Builds free5gc_ueransim_n2_nea2-nia2.pcap from the real free5GC capture.

The free5GC run selected 128-NEA0/128-NIA2, so its NAS can be read by anyone.
This script replays the same messages as if the AMF had selected
128-NEA2/128-NIA2: the Security Mode Command's selected algorithms become
0x22, every ciphered payload (security header types 2 and 4) is ciphered with
128-NEA2 and every MAC recomputed with 128-NIA2, all with the NAS keys of the
capture's subscriber (UERANSIM's free5GC default: K 8baf...6862, OPc
8e27...605d, SUPI imsi-208930000000001) derived as TS 33.501 Annex A says.

It uses Python's `cryptography` package (AES, AES-CMAC) and hashlib/hmac only:
an implementation independent of Meridian's, so that `meridian pcap check
--k --opc` deciphering this file is checked against something we did not write.
Milenage is TS 35.206; the check below first proves it on the real capture
(AUTN's MAC-A and the original NIA2 MAC of the Security Mode Command).

Usage: make_nea2_capture.py IN.pcap OUT.pcap
"""
import hashlib
import hmac
import struct
import sys

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

K = bytes.fromhex("8baf473f2f8fd09487cccbd7097c6862")
OPC = bytes.fromhex("8e27b6af0e692e750f32667a3b14605d")
SUPI = b"208930000000001"
SNN = b"5G:mnc093.mcc208.3gppnetwork.org"
AMF_IP = bytes([192, 168, 56, 104])


def aes(key, block):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def rot(x, bits):
    n = bits // 8
    return x[n:] + x[:n]


def milenage(rand, autn):
    """TS 35.206 f1..f5 with the standard r and c constants; returns CK, IK, SQN^AK, MAC-A ok."""
    temp = aes(K, xor(rand, OPC))
    c = lambda i: bytes(15) + bytes([i])
    out = lambda r, i: xor(aes(K, xor(rot(xor(temp, OPC), r), c(i))), OPC)
    out2, out3, out4 = out(0, 1), out(32, 2), out(64, 4)
    ak = out2[:6]
    sqn = xor(autn[:6], ak)
    in1 = sqn + autn[6:8] + sqn + autn[6:8]
    out1 = xor(aes(K, xor(rot(xor(in1, OPC), 64), temp)), OPC)
    return out3, out4, autn[:6], out1[:8] == autn[8:]


def kdf(key, fc, *params):
    s = bytes([fc]) + b"".join(p + struct.pack(">H", len(p)) for p in params)
    return hmac.new(key, s, hashlib.sha256).digest()


# BEARER 1 for 3GPP access, as the free5GC AMF and UERANSIM UE of the capture use it.
BEARER = 1


def nia2(key, count, direction, message):
    c = cmac.CMAC(algorithms.AES(key))
    c.update(struct.pack(">I", count) + bytes([BEARER << 3 | direction << 2, 0, 0, 0]) + message)
    return c.finalize()[:4]


def nea2(key, count, direction, data):
    iv = struct.pack(">I", count) + bytes([BEARER << 3 | direction << 2, 0, 0, 0]) + bytes(8)
    e = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return e.update(data) + e.finalize()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def frames(blob):
    off = 24
    while off + 16 <= len(blob):
        incl = struct.unpack("<I", blob[off + 8 : off + 12])[0]
        yield off + 16, incl
        off += 16 + incl


def main(src, dst):
    blob = bytearray(open(src, "rb").read())
    assert blob[:4] == bytes.fromhex("d4c3b2a1") and struct.unpack("<I", blob[20:24])[0] == 1, "Ethernet pcap"
    keys = None
    counts = {}
    for start, length in frames(bytes(blob)):
        frame = blob[start : start + length]
        ip = frame[14:]
        if ip[9] != 132:
            continue
        ihl = (ip[0] & 15) * 4
        sctp_at = 14 + ihl
        downlink = ip[12:16] == AMF_IP
        direction = 1 if downlink else 0
        changed = False
        # Every NAS-PDU: 7e, then a security header type 0..4 in the low nibble.
        at = sctp_at + 12
        while True:
            at = frame.find(b"\x7e", at)
            if at < 0:
                break
            sht = frame[at + 1] & 0x0F
            if sht == 0 and frame[at + 2] == 0x56 and keys is None:  # Authentication request
                # 7e 00 56 | ngKSI | ABBA 02 0000 | 21 RAND(16) | 20 10 AUTN(16)
                rand = bytes(frame[at + 8 : at + 24])
                autn = bytes(frame[at + 26 : at + 42])
                ck, ik, sqn_ak, mac_ok = milenage(rand, autn)
                assert mac_ok, "AUTN's MAC-A must verify with the free5GC default subscriber"
                kausf = kdf(ck + ik, 0x6A, SNN, sqn_ak)
                kseaf = kdf(kausf, 0x6C, SNN)
                kamf = kdf(kseaf, 0x6D, SUPI, b"\x00\x00")
                # A.8: algorithm type distinguisher 0x02 (N-NAS-int) / 0x01 (N-NAS-enc), algorithm
                # identity 2. 128-NIA2 was selected in the capture too, so K_NASint is unchanged.
                k_int = kdf(kamf, 0x69, b"\x02", b"\x02")[16:]
                keys = (k_int, k_int, kdf(kamf, 0x69, b"\x01", b"\x02")[16:])
            if sht in (1, 2, 3, 4) and keys and frame[at + 7] == 0x7E:
                # The NAS-PDU's length is the NGAP OCTET STRING length octet just before it.
                n = frame[at - 1]
                pdu = bytes(frame[at : at + n])
                seq = pdu[6]
                count = seq  # every COUNT in this capture is below 256
                old_int, k_int, k_enc = keys
                assert nia2(old_int, count, direction, pdu[6:]) == pdu[2:6], "original MAC must verify"
                plain = bytearray(pdu[7:])
                if sht == 3 and plain[2] == 0x5D:  # Security mode command: select 128-NEA2/128-NIA2
                    plain[3] = 0x22
                body = nea2(k_enc, count, direction, bytes(plain)) if sht in (2, 4) else bytes(plain)
                mac = nia2(k_int, count, direction, bytes([seq]) + body)
                frame[at : at + n] = pdu[:2] + mac + bytes([seq]) + body
                counts[direction] = counts.get(direction, 0) + 1
                changed = True
                at += n
                continue
            at += 1
        if changed:
            sctp = frame[sctp_at:]
            sctp[8:12] = b"\x00\x00\x00\x00"
            sctp[8:12] = struct.pack("<I", crc32c(bytes(sctp)))
            frame[sctp_at:] = sctp
            blob[start : start + length] = frame
    open(dst, "wb").write(bytes(blob))
    print(f"re-protected {counts.get(0, 0)} uplink and {counts.get(1, 0)} downlink NAS messages")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
