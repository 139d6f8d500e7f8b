#include "meridian/upf/sdf_filter.hpp"

#include <gtest/gtest.h>

#include "upf/test_packets.hpp"

namespace meridian::upf {
namespace {

five_tuple tuple_of(const test::packet_spec& s) { return *parse_five_tuple(test::ipv4_packet(s)); }

TEST(sdf_filter, when_rule_is_permit_out_ip_from_any_to_assigned_then_it_parses) {
  auto f = parse_flow_description("permit out ip from any to assigned");
  ASSERT_TRUE(f.has_value()) << f.error().message();
  EXPECT_FALSE(f->protocol_.has_value());
  EXPECT_EQ(f->remote_.kind_, flow_endpoint::address_kind::any);
  EXPECT_EQ(f->ue_.kind_, flow_endpoint::address_kind::assigned);
}

TEST(sdf_filter, when_rule_has_prefix_protocol_and_ports_then_all_are_parsed) {
  auto f = parse_flow_description("permit out 17 from 198.51.100.0/24 53,5000-5010 to 10.45.0.2 40000");
  ASSERT_TRUE(f.has_value()) << f.error().message();
  EXPECT_EQ(f->protocol_, std::optional<std::uint8_t>(17));
  EXPECT_EQ(f->remote_.address_, ipv4_from_octets(198, 51, 100, 0));
  EXPECT_EQ(f->remote_.prefix_length_, 24);
  ASSERT_EQ(f->remote_.port_range_count_, 2);
  EXPECT_EQ(f->remote_.ports_[0], (port_range{53, 53}));
  EXPECT_EQ(f->remote_.ports_[1], (port_range{5000, 5010}));
  EXPECT_EQ(f->ue_.prefix_length_, 32);
  EXPECT_EQ(f->ue_.ports_[0], (port_range{40000, 40000}));
}

TEST(sdf_filter, when_prefix_has_host_bits_then_they_are_cleared) {
  auto f = parse_flow_description("permit out tcp from 198.51.100.77/24 to any");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->remote_.address_, ipv4_from_octets(198, 51, 100, 0));
  EXPECT_EQ(f->protocol_, std::optional<std::uint8_t>(6));
}

TEST(sdf_filter, when_rule_is_outside_the_subset_then_it_is_unsupported_not_misread) {
  for (const char* text :
       {"deny out ip from any to any", "permit in ip from any to any", "permit out ip from 2001:db8::1 to any",
        "permit out ip from any to any frag", "permit out ip from any 1,2,3,4,5 to any"}) {
    auto f = parse_flow_description(text);
    ASSERT_FALSE(f.has_value()) << text;
    EXPECT_EQ(f.error().code_, sdf_parse_errc::unsupported) << text;
  }
}

TEST(sdf_filter, when_rule_is_malformed_then_an_error_names_the_offset) {
  auto f = parse_flow_description("permit out ip from 10.0.0.300 to any");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code_, sdf_parse_errc::syntax);
  EXPECT_EQ(f.error().offset_, 19u);
  for (const char* text :
       {"", "permit", "permit out", "permit out ip", "permit out ip from", "permit out ip from any",
        "permit out ip from any to", "permit out 256 from any to any", "permit out ip from any 70000 to any",
        "permit out ip from any 9-3 to any", "permit out ip from 10.0.0.0/33 to any",
        "permit out ip from any 80- to any", "permit out ip from any , to any", "permit out ip from any to any 1,"}) {
    EXPECT_FALSE(parse_flow_description(text).has_value()) << text;
  }
}

TEST(sdf_filter, when_packet_is_downlink_then_from_is_the_source_and_to_the_destination) {
  auto f = *parse_flow_description("permit out 17 from 198.51.100.0/24 53 to 10.45.0.2 40000");
  test::packet_spec dl;
  dl.source_ = ipv4_from_octets(198, 51, 100, 7);
  dl.destination_ = ipv4_from_octets(10, 45, 0, 2);
  dl.source_port_ = 53;
  dl.destination_port_ = 40000;
  EXPECT_TRUE(matches(f, tuple_of(dl), direction::downlink, std::nullopt));
  EXPECT_FALSE(matches(f, tuple_of(dl), direction::uplink, std::nullopt));
}

TEST(sdf_filter, when_packet_is_uplink_then_the_rule_is_read_reversed) {
  auto f = *parse_flow_description("permit out 17 from 198.51.100.0/24 53 to 10.45.0.2 40000");
  test::packet_spec ul;  // 10.45.0.2:40000 → 198.51.100.7:53
  EXPECT_TRUE(matches(f, tuple_of(ul), direction::uplink, std::nullopt));
  ul.destination_port_ = 54;
  EXPECT_FALSE(matches(f, tuple_of(ul), direction::uplink, std::nullopt));
  ul.destination_port_ = 53;
  ul.protocol_ = 6;
  EXPECT_FALSE(matches(f, tuple_of(ul), direction::uplink, std::nullopt));
}

TEST(sdf_filter, when_rule_says_assigned_then_it_matches_only_the_ue_address) {
  auto f = *parse_flow_description("permit out ip from any to assigned");
  test::packet_spec ul;
  EXPECT_TRUE(matches(f, tuple_of(ul), direction::uplink, ipv4_from_octets(10, 45, 0, 2)));
  EXPECT_FALSE(matches(f, tuple_of(ul), direction::uplink, ipv4_from_octets(10, 45, 0, 3)));
  EXPECT_FALSE(matches(f, tuple_of(ul), direction::uplink, std::nullopt));
}

TEST(sdf_filter, when_rule_names_ports_then_a_portless_packet_does_not_match) {
  auto f = *parse_flow_description("permit out ip from any 53 to any");
  test::packet_spec s;
  s.protocol_ = 1;
  EXPECT_FALSE(matches(f, tuple_of(s), direction::uplink, std::nullopt));
  auto any = *parse_flow_description("permit out ip from any to any");
  EXPECT_TRUE(matches(any, tuple_of(s), direction::uplink, std::nullopt));
}

TEST(sdf_filter, when_prefix_is_zero_then_every_address_matches) {
  auto f = *parse_flow_description("permit out ip from 0.0.0.0/0 to any");
  EXPECT_TRUE(matches(f, tuple_of({}), direction::downlink, std::nullopt));
}

TEST(sdf_filter, when_text_is_random_pieces_of_rules_then_parse_returns_a_value_or_an_error) {
  const char* pieces[] = {"permit", "out", "in",       "ip",       "17",         "256",         "from",
                          "to",     "any", "assigned", "10.0.0.1", "10.0.0.0/8", "10.0.0.0/40", "1.2.3",
                          "::1",    "53",  "1-2",      "2-1",      "1,2,3",      ",",           "-",
                          "65536",  "",    "  ",       "\t",       "frag",       "99999999999"};
  std::uint32_t x = 99;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    x = x * 1664525u + 1013904223u;
    const int words = static_cast<int>(x >> 28);
    for (int w = 0; w < words; ++w) {
      x = x * 1664525u + 1013904223u;
      text += pieces[(x >> 8) % std::size(pieces)];
      text += (x & 1) ? " " : "";
    }
    auto f = parse_flow_description(text);
    if (!f) {
      EXPECT_LE(f.error().offset_, text.size()) << text;
      EXPECT_FALSE(f.error().message().empty());
    }
  }
}

}  // namespace
}  // namespace meridian::upf
