// Fuzz target: judging one captured message (`pcap check`'s verdicts). The
// first octet picks the protocol (NGAP, PFCP, GTP-U), the rest is the message.
// Properties checked on every input:
//   - nothing crashes, reads out of bounds or loops (ASan/UBSan, libFuzzer's timeout);
//   - normalising never grows the message, leaves it unchanged when it finds
//     no deviation, names each kind at most once, and finds nothing more the
//     second time;
//   - every message checked gets exactly one verdict: identical, a sender's
//     deviation, or failed.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "meridian/capture/capture_check.hpp"
#include "meridian/capture/sender_deviation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace meridian::capture;
  if (size == 0) return 0;
  constexpr std::array protocols{captured_protocol::ngap, captured_protocol::pfcp, captured_protocol::gtpu};
  const auto protocol = protocols[data[0] % protocols.size()];
  const std::span<const std::uint8_t> message(data + 1, size - 1);

  const auto n = normalise(protocol, message);
  if (n.bytes_.size() > message.size()) std::abort();
  if (n.deviations_.empty() && !std::ranges::equal(n.bytes_, message)) std::abort();
  for (std::size_t i = 0; i < n.deviations_.size(); ++i)
    for (std::size_t j = i + 1; j < n.deviations_.size(); ++j)
      if (n.deviations_[i].kind_ == n.deviations_[j].kind_) std::abort();
  const auto again = normalise(protocol, n.bytes_);
  if (!again.deviations_.empty() || again.bytes_ != n.bytes_) std::abort();

  captured_message m;
  m.frame_ = 1;
  m.protocol_ = protocol;
  m.payload_.assign(message.begin(), message.end());
  const auto c = check_capture({m}, std::nullopt);
  // Without keys no MAC is checked, so each failure is one message's.
  const std::size_t deviating = c.deviations_.empty() ? 0 : 1;
  if (c.identical_ + deviating + c.failures_.size() != c.messages_) std::abort();
  if (c.messages_ != 1 + c.nas_) std::abort();
  for (const auto& d : c.deviations_)
    if (d.frame_ != 1 || d.protocol_ != protocol) std::abort();
  return 0;
}
