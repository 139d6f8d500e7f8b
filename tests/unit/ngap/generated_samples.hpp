#pragma once
// Sample NGAP values for round-trip tests; generated_samples.cpp is written by
// tools/asn1gen/asn1gen.py alongside the codec.

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "meridian/ngap/ngap.hpp"

namespace meridian::ngap::test {

struct sample_pdu {
  std::string name;  ///< "NGSetup/NGSetupRequest"
  ngap_pdu pdu;
};

/// One NGAP-PDU per message of every elementary procedure (initiating,
/// successful and unsuccessful), every optional IE present when `full`.
std::vector<sample_pdu> sample_pdus(bool full);

struct sample_transfer {
  std::string name;
  std::function<bool(std::string& why)> check;  ///< round trip; false with the reason
};
/// A round-trip check of every type carried in OCTET STRING (CONTAINING ...).
std::vector<sample_transfer> sample_transfers(bool full);

/// encode -> decode -> equal, and decode -> encode -> identical octets.
template <class T, class Enc, class Dec>
bool check_round_trip(const T& v, Enc enc, Dec dec, std::string& why) {
  auto bytes = enc(v);
  if (!bytes) {
    why = "encode: " + bytes.error().message();
    return false;
  }
  auto back = dec(*bytes);
  if (!back) {
    why = "decode: " + back.error().message();
    return false;
  }
  if (!(*back == v)) {
    why = "decoded value differs";
    return false;
  }
  auto again = enc(*back);
  if (!again || *again != *bytes) {
    why = "re-encoding differs";
    return false;
  }
  return true;
}

}  // namespace meridian::ngap::test
