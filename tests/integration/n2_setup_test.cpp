// `meridian amf` and `meridian gnb` set up N2 over usrsctp (this kernel has no
// SCTP): in one namespace on loopback, and in two namespaces joined by a veth
// pair over raw IP and over UDP encapsulation. tshark checks the AMF's N2 capture.

#include <fstream>

#include <gtest/gtest.h>

#include "n2_harness.hpp"
#include "process.hpp"

namespace meridian::test::n2 {
namespace {

const std::string setup_done_on_gnb = "NG Setup with AMF meridian-amf";
const std::string setup_done_on_amf = "NG Setup with gNB 0x000001 (meridian-gnb) complete";

// What tshark says of a capture: NGSetupRequest and NGSetupResponse decoded, nothing malformed.
void expect_tshark_sees_ng_setup(const std::filesystem::path& pcap) {
  if (!std::filesystem::exists("/usr/bin/tshark")) GTEST_SKIP() << "tshark not installed: oracle check skipped";
  const auto r = run_process("/usr/bin/tshark", {"-r", pcap.string(), "-V"}, std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("NGSetupRequest"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NGSetupResponse"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Malformed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[Severity level: Error]"), std::string::npos) << r.out;
}

// Short SCTP retransmission timers, so that an INIT sent while no AMF listens
// is repeated within a second instead of after the default 3 s, doubling.
std::filesystem::path write_config(const std::filesystem::path& dir) {
  const auto file = dir / "n2.yaml";
  std::ofstream(file) << "sctp:\n  rto_initial_ms: 200\n  rto_min_ms: 100\n  rto_max_ms: 1000\n";
  return file;
}

struct n2_pair {
  std::filesystem::path dir = scratch_dir();
  std::filesystem::path config = write_config(dir);
  std::unique_ptr<meridian_process> amf;
  std::unique_ptr<meridian_process> gnb;

  std::vector<std::string> amf_command(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", config.string(), "amf"});
    return args;
  }

  void start(const netns& amf_ns, std::vector<std::string> amf_args, const netns& gnb_ns,
             std::vector<std::string> gnb_args) {
    amf_args.insert(amf_args.end(), {"--pcap", (dir / "amf.pcap").string()});
    amf = std::make_unique<meridian_process>(&amf_ns, amf_command(amf_args), dir / "amf.log");
    ASSERT_TRUE(amf->wait_for("listening for N2", 1, std::chrono::seconds(10))) << amf->output();
    gnb_args.insert(gnb_args.begin(), {"--config", config.string(), "gnb"});
    gnb = std::make_unique<meridian_process>(&gnb_ns, gnb_args, dir / "gnb.log");
  }
  void expect_setup_and_clean_stop() {
    EXPECT_TRUE(gnb->wait_for(setup_done_on_gnb)) << gnb->output();
    EXPECT_TRUE(amf->wait_for(setup_done_on_amf)) << amf->output();
    EXPECT_EQ(gnb->stop(), 0) << gnb->output();
    EXPECT_EQ(amf->stop(), 0) << amf->output();
    expect_tshark_sees_ng_setup(dir / "amf.pcap");
  }
  ~n2_pair() { std::filesystem::remove_all(dir); }
};

TEST(n2_setup, amf_and_gnb_in_one_namespace_on_loopback_complete_ng_setup) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-lo");
  ASSERT_TRUE(ns.ok());
  n2_pair p;
  p.start(ns, {}, ns, {"--amf", "127.0.0.1"});
  p.expect_setup_and_clean_stop();
}

TEST(n2_setup, amf_and_gnb_across_a_veth_pair_complete_ng_setup_over_raw_ip) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns core("n2-core");
  netns ran("n2-ran");
  ASSERT_TRUE(core.ok() && ran.ok());
  ASSERT_TRUE(join_with_veth(core, "10.152.0.1", ran, "10.152.0.2"));
  n2_pair p;
  p.start(core, {"--ngap-address", "10.152.0.1"}, ran, {"--amf", "10.152.0.1", "--local-address", "10.152.0.2"});
  p.expect_setup_and_clean_stop();
}

TEST(n2_setup, amf_and_gnb_across_a_veth_pair_complete_ng_setup_over_udp_encapsulation) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns core("n2-core");
  netns ran("n2-ran");
  ASSERT_TRUE(core.ok() && ran.ok());
  ASSERT_TRUE(join_with_veth(core, "10.152.0.5", ran, "10.152.0.6"));
  n2_pair p;
  p.start(core, {"--ngap-address", "10.152.0.5", "--sctp-encapsulation", "udp"}, ran,
          {"--amf", "10.152.0.5", "--local-address", "10.152.0.6", "--sctp-encapsulation", "udp"});
  p.expect_setup_and_clean_stop();
}

TEST(n2_setup, when_plmn_is_not_served_then_gnb_waits_time_to_wait_and_later_succeeds) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-ttw");
  ASSERT_TRUE(ns.ok());
  n2_pair p;
  p.start(ns, {"--plmn", "002/02", "--time-to-wait", "1"}, ns, {"--amf", "127.0.0.1"});
  // Refused with Time To Wait 1 s, and tried again after it (twice refused = one retry seen).
  EXPECT_TRUE(p.gnb->wait_for("failed: misc: unknown-PLMN-or-SNPN, retry in 1 s", 2)) << p.gnb->output();
  EXPECT_TRUE(p.amf->wait_for("refused: misc: unknown-PLMN-or-SNPN, Time To Wait 1 s", 2)) << p.amf->output();
  EXPECT_EQ(p.gnb->count(setup_done_on_gnb), 0);
  // The operator adds the PLMN: the same gNB process, retrying, gets set up.
  EXPECT_EQ(p.amf->stop(), 0);
  p.amf = std::make_unique<meridian_process>(&ns, p.amf_command({"--plmn", "001/01"}), p.dir / "amf2.log");
  EXPECT_TRUE(p.gnb->wait_for(setup_done_on_gnb, 1, std::chrono::seconds(30))) << p.gnb->output();
  EXPECT_EQ(p.gnb->stop(), 0);
  EXPECT_EQ(p.amf->stop(), 0);
}

TEST(n2_setup, when_amf_restarts_then_gnb_reestablishes_the_association_and_repeats_ng_setup) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-restart");
  ASSERT_TRUE(ns.ok());
  n2_pair p;
  p.start(ns, {}, ns, {"--amf", "127.0.0.1"});
  ASSERT_TRUE(p.gnb->wait_for(setup_done_on_gnb)) << p.gnb->output();
  EXPECT_EQ(p.amf->stop(), 0);
  EXPECT_TRUE(p.gnb->wait_for("lost, reconnecting")) << p.gnb->output();
  p.amf = std::make_unique<meridian_process>(&ns, p.amf_command({}), p.dir / "amf2.log");
  EXPECT_TRUE(p.gnb->wait_for(setup_done_on_gnb, 2, std::chrono::seconds(30))) << p.gnb->output();
  EXPECT_TRUE(p.amf->wait_for(setup_done_on_amf)) << p.amf->output();
  EXPECT_EQ(p.gnb->stop(), 0);
  EXPECT_EQ(p.amf->stop(), 0);
}

TEST(n2_setup, one_hundred_gnbs_set_up_against_one_amf) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-100");
  ASSERT_TRUE(ns.ok());
  n2_pair p;
  p.start(ns, {}, ns, {"--amf", "127.0.0.1", "--count", "100"});
  EXPECT_TRUE(p.gnb->wait_for("all 100 NG Setups complete", 1, std::chrono::seconds(60))) << p.gnb->output();
  EXPECT_TRUE(p.amf->wait_for("(100 gNBs set up)")) << p.amf->output();
  EXPECT_EQ(p.gnb->stop(), 0);
  EXPECT_EQ(p.amf->stop(), 0);
}

TEST(n2_setup, ng_reset_and_configuration_updates_in_both_directions_are_acknowledged) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-reset");
  ASSERT_TRUE(ns.ok());
  n2_pair p;
  p.start(ns, {}, ns, {"--amf", "127.0.0.1"});
  ASSERT_TRUE(p.gnb->wait_for(setup_done_on_gnb)) << p.gnb->output();
  p.gnb->signal(SIGUSR1);  // gNB -> AMF NG Reset
  EXPECT_TRUE(p.gnb->wait_for("NG Reset acknowledged by AMF meridian-amf")) << p.gnb->output();
  p.gnb->signal(SIGUSR2);  // RAN Configuration Update
  EXPECT_TRUE(p.gnb->wait_for("RAN Configuration Update acknowledged")) << p.gnb->output();
  p.amf->signal(SIGUSR2);  // AMF -> gNB NG Reset
  EXPECT_TRUE(p.amf->wait_for("NG Reset acknowledged")) << p.amf->output();
  p.amf->signal(SIGUSR1);  // AMF Configuration Update
  EXPECT_TRUE(p.amf->wait_for("AMF Configuration Update acknowledged")) << p.amf->output();
  EXPECT_EQ(p.gnb->stop(), 0);
  EXPECT_EQ(p.amf->stop(), 0);
}

}  // namespace
}  // namespace meridian::test::n2
