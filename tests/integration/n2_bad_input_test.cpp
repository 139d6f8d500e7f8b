// `meridian amf` under bad input: a raw SCTP peer (n2_raw_client, lib/transport
// directly) sends random garbage and truncated NGAP on one association; each is
// answered by an Error Indication, the AMF keeps running and the association
// stays usable for NG Setup. The AMF's warnings about them are rate-limited
// per association and kind (issue 13): the first ones in full, then a summary.

#include <gtest/gtest.h>

#include "n2_harness.hpp"
#include "process.hpp"

namespace meridian::test::n2 {
namespace {

TEST(n2_bad_input, when_garbage_and_truncated_ngap_arrive_then_amf_answers_error_indications_and_keeps_running) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-bad");
  ASSERT_TRUE(ns.ok());
  const auto dir = scratch_dir();
  meridian_process amf(&ns, {"amf", "--ngap-port", "38412"}, dir / "amf.log");
  ASSERT_TRUE(amf.wait_for("listening for N2", 1, std::chrono::seconds(10))) << amf.output();
  const auto r = run_process(ip_program, {"netns", "exec", ns.name(), N2_RAW_CLIENT, "127.0.0.1", "38412"},
                             std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("NG Setup on the same association: NGSetupResponse"), std::string::npos) << r.out;
  // n2_raw_client exits 0 only when every bad message got its Error Indication.
  EXPECT_NE(r.out.find("error indications: "), std::string::npos) << r.out;
  const int logged = amf.count("answering Error Indication (protocol: ");
  EXPECT_GE(logged, 5) << amf.output();
  EXPECT_LE(logged, 10) << "at most the burst of each kind (undecodable, unknown procedure)\n" << amf.output();
  // The client closed its association: what was held back is summarised.
  EXPECT_TRUE(amf.wait_for("more like this (undecodable NGAP) not logged")) << amf.output();
  EXPECT_EQ(amf.stop(), 0) << amf.output();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace meridian::test::n2
