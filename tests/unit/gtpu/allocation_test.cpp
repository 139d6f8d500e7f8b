// The G-PDU fast path must not allocate (the UPF calls it per packet): this
// binary replaces the global operator new with one that counts, and the test
// checks that decode_gpdu and prepend_gpdu_header leave the count unchanged.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>

#include "meridian/common/hex.hpp"
#include "meridian/gtpu/gpdu.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}

void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace meridian::gtpu {
namespace {

TEST(gtpu_gpdu, decode_and_headroom_encode_do_not_allocate) {
  const auto packet =
      *from_hex("34ff00240000c0bb00000085011001004500001c69980000ff013deb0a2e00020a2d0001080032db51dc7348");
  std::array<std::uint8_t, 96> buffer{};
  gpdu_header_params p;
  p.teid_ = *teid::from(0x3edb);
  p.pdu_session_container_ = pdu_session_container{
      dl_pdu_session_information{*qfi::from(1), false, std::nullopt, std::nullopt, std::nullopt, std::nullopt}};

  const std::size_t before = allocations.load();
  std::size_t qfi_sum = 0;
  for (int i = 0; i < 1000; ++i) {
    auto h = decode_gpdu(packet);
    if (h && h->pdu_session_container_)
      qfi_sum += std::visit([](const auto& c) { return std::size_t{c.qfi_.value()}; }, *h->pdu_session_container_);
    auto out = prepend_gpdu_header(buffer, 32, 28, p);
    if (!out) break;
  }
  const std::size_t after = allocations.load();
  EXPECT_EQ(after, before);
  EXPECT_EQ(qfi_sum, 1000u);
}

}  // namespace
}  // namespace meridian::gtpu
