#include "meridian/common/pcap_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace meridian {

namespace {
// pcap headers are in the writer's native byte order; the magic number tells
// readers which. We write little-endian explicitly so files are identical on
// every host.
void put_le32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_le16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
}  // namespace

std::expected<pcap_writer, std::string> pcap_writer::create(const std::filesystem::path& file, pcap_link_type link,
                                                            std::uint32_t snaplen) {
  std::unique_ptr<std::FILE, file_closer> f(std::fopen(file.c_str(), "wb"));
  if (!f) return std::unexpected(fmt::format("cannot create pcap file {}: {}", file.string(), std::strerror(errno)));
  std::uint8_t header[24];
  put_le32(header + 0, 0xa1b2c3d4);  // microsecond timestamps
  put_le16(header + 4, 2);           // version 2.4
  put_le16(header + 6, 4);
  put_le32(header + 8, 0);   // thiszone
  put_le32(header + 12, 0);  // sigfigs
  put_le32(header + 16, snaplen);
  put_le32(header + 20, static_cast<std::uint32_t>(link));
  if (std::fwrite(header, 1, sizeof header, f.get()) != sizeof header)
    return std::unexpected(fmt::format("cannot write pcap file {}: {}", file.string(), std::strerror(errno)));
  return pcap_writer(std::move(f), snaplen);
}

bool pcap_writer::write(clock::wall_time when, std::span<const std::uint8_t> frame, std::size_t capture_at_most) {
  const auto since_epoch = when.time_since_epoch();
  const auto usec = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
  const auto captured =
      static_cast<std::uint32_t>(std::min({frame.size(), std::size_t{snaplen_}, capture_at_most}));
  std::uint8_t record[16];
  put_le32(record + 0, static_cast<std::uint32_t>(usec / 1'000'000));
  put_le32(record + 4, static_cast<std::uint32_t>(usec % 1'000'000));
  put_le32(record + 8, captured);
  put_le32(record + 12, static_cast<std::uint32_t>(frame.size()));
  if (std::fwrite(record, 1, sizeof record, file_.get()) != sizeof record) return false;
  if (std::fwrite(frame.data(), 1, captured, file_.get()) != captured) return false;
  ++frames_;
  bytes_ += sizeof record + captured;
  return true;
}

bool pcap_writer::flush() { return std::fflush(file_.get()) == 0; }

}  // namespace meridian
