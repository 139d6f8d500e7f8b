// PFCP to packets: the N4 node (n4_node, fed PFCP datagrams as an SMF sends
// them) installs rules in the real data path (datapath_engine with its N3
// sockets and TUN, two workers), inside a network namespace of the test's own.
// A "gNB" socket on 127.0.0.2:2152 and a "DN" socket on the TUN's address
// exchange traffic with UE 10.45.0.2. Needs root; skipped otherwise.

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "meridian/common/ip_framing.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/upf/datapath_engine.hpp"
#include "meridian/upf/datapath_teid_allocator.hpp"
#include "meridian/upf/n4_node.hpp"
#include "support/private_namespace.hpp"
#include "upf/n4_fakes.hpp"

namespace meridian::upf {
namespace {

struct udp_socket {
  explicit udp_socket(ipv4_endpoint bind_to) : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in sin = to_sockaddr(bind_to);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0) << std::strerror(errno);
    socklen_t len = sizeof sin;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
    local_ = bind_to;
    local_.port = ntohs(sin.sin_port);
  }
  ~udp_socket() { ::close(fd_); }
  static sockaddr_in to_sockaddr(const ipv4_endpoint& e) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(e.port);
    std::memcpy(&sin.sin_addr, e.address.data(), 4);
    return sin;
  }
  void send_to(const ipv4_endpoint& to, std::span<const std::uint8_t> bytes) const {
    sockaddr_in sin = to_sockaddr(to);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  }
  std::optional<std::vector<std::uint8_t>> receive(int timeout_ms = 2000) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    std::vector<std::uint8_t> b(65536);
    const auto n = ::recv(fd_, b.data(), b.size(), 0);
    if (n < 0) return std::nullopt;
    b.resize(static_cast<std::size_t>(n));
    return b;
  }
  int fd_;
  ipv4_endpoint local_{};
};

/// The data path's notifications, queued for the test thread (the node's thread).
struct n4_queue {
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  void post(std::function<void()> f) {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(f));
  }
  /// Runs what is queued, waiting up to two seconds for at least one task.
  std::size_t run(std::chrono::milliseconds wait = std::chrono::seconds(2)) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      std::deque<std::function<void()>> todo;
      {
        std::lock_guard lock(mutex_);
        todo.swap(tasks_);
      }
      for (auto& t : todo) t();
      if (!todo.empty()) return todo.size();
      if (std::chrono::steady_clock::now() >= deadline) return 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
};

/// Forwards to the node once it exists (it needs the installer first).
struct late_notifier final : datapath_notifier {
  datapath_notifier* target_ = nullptr;
  void on_downlink_data(seid s, pdr_id p) override { target_->on_downlink_data(s, p); }
  void on_usage_threshold(seid s, std::vector<urr_usage> u) override { target_->on_usage_threshold(s, std::move(u)); }
  void on_error_indication(remote_f_teid t) override { target_->on_error_indication(t); }
};

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

TEST(datapath_n4, when_smf_installs_a_session_then_traffic_flows_buffers_reports_and_is_accounted_at_deletion) {
  RUN_IN_NAMESPACE([] {
    meridian::test::loopback_up();
    system_clock_source clk;
    n4_queue queue;
    late_notifier notifier;

    datapath_config cfg;
    cfg.workers_ = 2;
    cfg.n3_.bind_ = ipv4_endpoint{{127, 0, 0, 1}, 0};
    transport::tun_config tun;
    tun.name_ = "upfn4t0";
    tun.ipv4_ = transport::tun_ipv4_address{{10, 45, 0, 1}, 16};
    tun.mtu_ = 1400;
    cfg.tun_ = tun;
    auto dp = datapath_engine::open(cfg, clk, &notifier, [&](std::function<void()> f) { queue.post(std::move(f)); });
    ASSERT_TRUE(dp.has_value()) << dp.error().message_;
    auto& engine = **dp;

    n4_config n4;
    n4.n3_address_ = {127, 0, 0, 1};
    test::fake_sender sender;
    n4_node node(n4, engine, sender, clk, std::make_unique<datapath_teid_allocator>(engine));
    notifier.target_ = &node;
    engine.start();

    const n4_endpoint smf{{127, 0, 0, 2}, 8805};
    std::uint32_t sequence = 1;
    const auto exchange = [&](pfcp::message_body body, std::optional<std::uint64_t> s) {
      const auto before = sender.sent_.size();
      node.on_datagram(smf, test::bytes_of(test::request(std::move(body), ++sequence, s)));
      // A session request is answered when the worker's completion runs on this (the N4) thread.
      for (int i = 0; i < 10 && sender.sent_.size() == before; ++i) queue.run();
      auto m = sender.last();
      EXPECT_TRUE(m);
      return m ? *m : pfcp::message{};
    };

    pfcp::association_setup_request a;
    a.node_id_ = test::smf_node_id();
    a.recovery_time_stamp_.value_ = 3'900'000'000u;
    exchange(a, std::nullopt);

    // The SMF's session, adjusted to this namespace: the gNB is 127.0.0.2, the
    // DN is the TUN's own address 10.45.0.1, both gates open.
    auto est = test::establishment(0xc0de, 2);
    est.create_pdr_[0].pdi_.sdf_filter_[0].flow_description_ = "permit out 17 from 10.45.0.1 to assigned 5000-5010";
    est.create_far_[1].forwarding_parameters_->outer_header_creation_->ipv4_ = test::v4(127, 0, 0, 2);
    est.create_qer_[0].gate_status_ = pfcp::gate_status{0, 0};
    const auto er = exchange(est, 0);
    const auto& body = std::get<pfcp::session_establishment_response>(er.body_);
    ASSERT_EQ(body.cause_.value_, pfcp::cause_value::request_accepted);
    ASSERT_EQ(body.created_pdr_.size(), 1u);
    ASSERT_TRUE(body.created_pdr_[0].local_f_teid_);
    const teid ul_teid = body.created_pdr_[0].local_f_teid_->teid_;
    const seid up_seid = body.up_f_seid_->seid_;

    udp_socket gnb(ipv4_endpoint{{127, 0, 0, 2}, 2152});
    udp_socket dn(ipv4_endpoint{{10, 45, 0, 1}, 0});
    const ipv4_endpoint ue{{10, 45, 0, 2}, 5000};
    std::uint64_t uplink_octets = 0;
    std::uint64_t downlink_octets = 0;

    // Uplink, with QFI 9 in the PDU Session Container as the PDR asks.
    const auto inner = *ipv4_udp_frame(ue, dn.local_, bytes_of("ping"));
    gtpu::message g;
    g.teid_ = ul_teid;
    gtpu::ul_pdu_session_information ul;
    ul.qfi_ = qfi::literal(9);
    g.extension_headers_.push_back({gtpu::extension_type::pdu_session_container, gtpu::pdu_session_container{ul}});
    g.body_ = gtpu::g_pdu{inner};
    gnb.send_to(engine.n3_endpoint(), *gtpu::encode(g));
    const auto got = dn.receive();
    ASSERT_TRUE(got) << "uplink never reached N6";
    EXPECT_EQ(*got, bytes_of("ping"));
    uplink_octets += inner.size();

    // Downlink: back in the gNB's tunnel, with QFI 9.
    dn.send_to(ue, bytes_of("pong"));
    auto tunnelled = gnb.receive();
    ASSERT_TRUE(tunnelled) << "downlink never came back";
    auto dm = gtpu::decode(*tunnelled);
    ASSERT_TRUE(dm);
    EXPECT_EQ(dm->teid_.value(), 0x1234u);
    ASSERT_EQ(dm->extension_headers_.size(), 1u);
    const auto& c = std::get<gtpu::pdu_session_container>(dm->extension_headers_[0].content_);
    EXPECT_EQ(std::get<gtpu::dl_pdu_session_information>(c).qfi_.value(), 9);
    downlink_octets += std::get<gtpu::g_pdu>(dm->body_).t_pdu_.size();

    // Modification to buffering: the next downlink packets stay, and the SMF
    // gets a Session Report Request with a Downlink Data Report for PDR 2.
    pfcp::session_modification_request to_buffer;
    pfcp::update_far uf;
    uf.far_id_ = pfcp::far_id{2};
    uf.apply_action_ = test::action({pfcp::flags::apply_action::buff, pfcp::flags::apply_action::nocp});
    to_buffer.update_far_.push_back(uf);
    const auto mr = exchange(to_buffer, up_seid.value());
    ASSERT_EQ(std::get<pfcp::session_modification_response>(mr.body_).cause_.value_,
              pfcp::cause_value::request_accepted);
    dn.send_to(ue, bytes_of("held-1"));
    dn.send_to(ue, bytes_of("held-2"));
    ASSERT_GT(queue.run(), 0u) << "no downlink data notification";
    auto report = sender.last();
    ASSERT_TRUE(report);
    const auto* srr = std::get_if<pfcp::session_report_request>(&report->body_);
    ASSERT_NE(srr, nullptr);
    ASSERT_TRUE(srr->downlink_data_report_);
    ASSERT_EQ(srr->downlink_data_report_->pdr_id_.size(), 1u);
    EXPECT_EQ(srr->downlink_data_report_->pdr_id_[0].value_, 2);
    EXPECT_FALSE(gnb.receive(200)) << "a buffered packet left";

    // Back to forwarding: the buffered packets leave, in order.
    pfcp::session_modification_request to_forward;
    uf.apply_action_ = test::action({pfcp::flags::apply_action::forw});
    to_forward.update_far_.push_back(uf);
    exchange(to_forward, up_seid.value());
    for (const char* expected : {"held-1", "held-2"}) {
      auto released = gnb.receive();
      ASSERT_TRUE(released) << expected << " was not released";
      auto rm = gtpu::decode(*released);
      ASSERT_TRUE(rm);
      const auto& t = std::get<gtpu::g_pdu>(rm->body_).t_pdu_;
      EXPECT_EQ(std::vector<std::uint8_t>(t.begin() + 28, t.end()), bytes_of(expected));
      downlink_octets += t.size();
    }

    // Deletion: the final usage report counts exactly what went through.
    const auto dr = exchange(pfcp::session_deletion_request{}, up_seid.value());
    const auto& del = std::get<pfcp::session_deletion_response>(dr.body_);
    ASSERT_EQ(del.cause_.value_, pfcp::cause_value::request_accepted);
    ASSERT_EQ(del.usage_report_.size(), 1u);
    ASSERT_TRUE(del.usage_report_[0].volume_measurement_);
    const auto& v = *del.usage_report_[0].volume_measurement_;
    EXPECT_EQ(v.uplink_volume_, uplink_octets);
    EXPECT_EQ(v.downlink_volume_, downlink_octets);
    EXPECT_EQ(v.total_volume_, uplink_octets + downlink_octets);

    // The tunnel is gone: its TEID now gets an Error Indication.
    gnb.send_to(engine.n3_endpoint(), *gtpu::encode(g));
    auto ei = gnb.receive();
    ASSERT_TRUE(ei);
    auto eim = gtpu::decode(*ei);
    ASSERT_TRUE(eim);
    ASSERT_TRUE(std::holds_alternative<gtpu::error_indication>(eim->body_));
    EXPECT_EQ(std::get<gtpu::error_indication>(eim->body_).teid_data_i_.teid_, ul_teid);
    engine.stop();
  });
}

}  // namespace
}  // namespace meridian::upf
