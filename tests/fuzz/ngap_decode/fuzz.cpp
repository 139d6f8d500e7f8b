// NGAP-PDU decoding must never crash, hang or read out of bounds; whatever
// decodes must re-encode, and what re-encodes must decode again to the same value.

#include <cstddef>
#include <cstdint>
#include <span>

#include "meridian/ngap/ngap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace meridian;
  ngap::ngap_pdu pdu;
  asn1::aper_error err;
  if (!ngap::decode_ngap_pdu(std::span(data, size), pdu, err)) return 0;
  auto bytes = ngap::encode_ngap_pdu(pdu);
  if (!bytes) return 0;  // e.g. a decoded size outside an extensible root: reported, not a crash
  auto back = ngap::decode_ngap_pdu(*bytes);
  if (!back || !(*back == pdu)) __builtin_trap();
  return 0;
}
