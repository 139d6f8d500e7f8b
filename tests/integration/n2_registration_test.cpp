// `meridian amf` registers a UE against its subscriber store (issue 15): a
// subscriber added with `meridian subscriber add`, the AMF started on that
// store, and a scripted gNB with one UE (n2_ue_client: the codecs and the
// security module, over lib/transport and usrsctp) runs NG Setup, the whole
// initial registration (5G-AKA, Security Mode Command, Initial Context Setup,
// Registration Complete), CM-IDLE and back with a Service Request, a periodic
// registration from CM-IDLE, and a deregistration. A UE the store does not know
// gets Registration Reject. tshark reads the AMF's N2 capture cleanly.

#include <fstream>

#include <gtest/gtest.h>

#include "n2_harness.hpp"
#include "process.hpp"

namespace meridian::test::n2 {
namespace {

struct registration_setup {
  std::filesystem::path dir = scratch_dir();
  std::string db = (dir / "subscribers.db").string();

  void add_subscriber(const std::string& supi) {
    const auto keys = dir / "keys.yaml";
    std::ofstream(keys) << "k: 465b5ce8b199b49faa5f0a2ee238a6bc\nopc: cd63cb71954a9f4e48a5994e37a02baf\n";
    const auto r = run_process(MERIDIAN_BINARY, {"subscriber", "add", "--supi", supi, "--keys", keys.string(),
                                                 "--default-nssai", "1", "--db", db});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST(n2_registration, a_subscriber_in_the_store_registers_and_deregisters_through_meridian_amf) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-reg");
  ASSERT_TRUE(ns.ok());
  registration_setup s;
  s.add_subscriber("imsi-001010000000001");
  const auto pcap = s.dir / "amf.pcap";
  meridian_process amf(&ns, {"amf", "--db", s.db, "--pcap", pcap.string()},
                       s.dir / "amf.log");
  ASSERT_TRUE(amf.wait_for("listening for N2", 1, std::chrono::seconds(10))) << amf.output();
  const auto r = run_process(ip_program, {"netns", "exec", ns.name(), N2_UE_CLIENT, "127.0.0.1", "38412"},
                             std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << amf.output();
  EXPECT_NE(r.out.find("Registration Accept with a 5G-GUTI: ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Service Accept from CM-IDLE: ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("periodic Registration Accept, same 5G-GUTI: ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Deregistration Accept: ok"), std::string::npos) << r.out;
  EXPECT_TRUE(amf.wait_for("registered, 5G-GUTI")) << amf.output();
  EXPECT_EQ(amf.stop(), 0) << amf.output();
  EXPECT_NE(amf.output().find("1 registrations completed, 0 rejected, 1 deregistrations"), std::string::npos)
      << amf.output();
  if (std::filesystem::exists("/usr/bin/tshark")) {
    const auto t = run_process("/usr/bin/tshark", {"-r", pcap.string(), "-V"}, std::chrono::seconds(60));
    EXPECT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("InitialContextSetupRequest"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("Security mode command"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("Service request"), std::string::npos) << t.out;
    EXPECT_EQ(t.out.find("Malformed"), std::string::npos) << t.out;
    EXPECT_EQ(t.out.find("[Severity level: Error]"), std::string::npos) << t.out;
  }
  std::filesystem::remove_all(s.dir);
}

TEST(n2_registration, a_ue_the_store_does_not_know_gets_registration_reject) {
  MERIDIAN_N2_REQUIRE_ROOT();
  netns ns("n2-rej");
  ASSERT_TRUE(ns.ok());
  registration_setup s;
  s.add_subscriber("imsi-001010000000002");  // not the client's UE
  meridian_process amf(&ns, {"amf", "--db", s.db}, s.dir / "amf.log");
  ASSERT_TRUE(amf.wait_for("listening for N2", 1, std::chrono::seconds(10))) << amf.output();
  const auto r = run_process(ip_program, {"netns", "exec", ns.name(), N2_UE_CLIENT, "127.0.0.1", "38412"},
                             std::chrono::seconds(60));
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("NG Setup: ok"), std::string::npos) << r.out;
  EXPECT_TRUE(amf.wait_for("Registration Reject, 5GMM cause #7")) << amf.output();
  EXPECT_EQ(amf.stop(), 0) << amf.output();
  std::filesystem::remove_all(s.dir);
}

}  // namespace
}  // namespace meridian::test::n2
