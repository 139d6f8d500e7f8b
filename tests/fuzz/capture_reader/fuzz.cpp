// Fuzz target: reading a capture file (pcap or pcapng) and taking its NGAP,
// PFCP and GTP-U messages out (link layers, IPv4/IPv6, UDP, SCTP chunks and
// their reassembly). Properties checked on every input:
//   - nothing crashes, reads out of bounds or loops (ASan/UBSan, libFuzzer's timeout);
//   - an error points inside the input;
//   - every frame's bytes lie inside the input, frame numbers count 1, 2, 3 ...;
//   - no message is larger than the input, and each is numbered by a frame that was read.

#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "meridian/capture/capture_file.hpp"
#include "meridian/capture/message_extractor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace meridian::capture;
  const std::span<const std::uint8_t> in(data, size);
  auto reader = capture_reader::open(in);
  if (!reader) {
    if (reader.error().offset > size) std::abort();
    return 0;
  }
  message_extractor extractor;
  std::vector<captured_message> messages;
  std::uint64_t expected_number = 0;
  while (auto frame = reader->next()) {
    if (frame->number_ != ++expected_number) std::abort();
    if (!frame->data_.empty() &&
        (frame->data_.data() < data || frame->data_.data() + frame->data_.size() > data + size))
      std::abort();
    extractor.add_frame(*frame, messages);
  }
  if (reader->error() && reader->error()->offset > size) std::abort();
  if (extractor.counters().frames_ != expected_number) std::abort();
  for (const auto& m : messages)
    if (m.payload_.size() > size || m.frame_ == 0 || m.frame_ > expected_number) std::abort();
  return 0;
}
