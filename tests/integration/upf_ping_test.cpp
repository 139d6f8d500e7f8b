// `meridian upf` as a process in the benchmark's topology (namespaces gnb | upf
// | dn joined by veth pairs, upf_bench::topology), with this test playing the
// SMF over PFCP (an n4_peer client on the upf namespace's loopback) and the gNB
// (a UDP socket on port 2152 in the gnb namespace). The data network is the dn
// namespace's kernel itself: it answers the UE's pings. Issue #7's end-to-end
// checks: ping through GTP-U, buffering with a Downlink Data Report and its
// release, uplink and downlink MBR, the usage report at deletion, Error Indication for an
// unknown TEID, and the gNB's Error Indication reported to the SMF (ERIR). Needs root;
// skipped otherwise.

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/n4_peer/client.hpp"
#include "meridian/pfcp/messages.hpp"
#include "meridian/upf_bench/packets.hpp"
#include "meridian/upf_bench/topology.hpp"
#include "meridian/upf_bench/upf_under_test.hpp"

namespace meridian {
namespace {

using namespace std::chrono_literals;
using upf_bench::bench_node;

constexpr std::array<std::uint8_t, 4> ue_address{10, 160, 0, 1};
constexpr std::uint32_t gnb_teid = 0x0a0b0c0d;
constexpr std::uint16_t ping_id = 0x4d52;
constexpr std::size_t ping_payload = 32;
/// IPv4 (20) + ICMP header (8) + payload: the inner octets of one ping.
constexpr std::size_t ping_size = 20 + 8 + ping_payload;

std::uint16_t internet_checksum(std::span<const std::uint8_t> b) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += static_cast<std::uint32_t>(b[i] << 8 | b[i + 1]);
  if (b.size() % 2) sum += static_cast<std::uint32_t>(b.back() << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

/// RFC 792 Echo Request from the UE to `to`, in an RFC 791 header without options.
std::vector<std::uint8_t> icmp_echo_request(const std::array<std::uint8_t, 4>& to, std::uint16_t seq) {
  std::vector<std::uint8_t> p(ping_size, 0);
  p[0] = 0x45;
  p[2] = static_cast<std::uint8_t>(ping_size >> 8);
  p[3] = static_cast<std::uint8_t>(ping_size);
  p[8] = 64;
  p[9] = 1;  // ICMP
  std::memcpy(&p[12], ue_address.data(), 4);
  std::memcpy(&p[16], to.data(), 4);
  const auto h = internet_checksum(std::span(p).first(20));
  p[10] = static_cast<std::uint8_t>(h >> 8);
  p[11] = static_cast<std::uint8_t>(h);
  p[20] = 8;  // Echo Request
  p[24] = static_cast<std::uint8_t>(ping_id >> 8);
  p[25] = static_cast<std::uint8_t>(ping_id);
  p[26] = static_cast<std::uint8_t>(seq >> 8);
  p[27] = static_cast<std::uint8_t>(seq);
  for (std::size_t i = 0; i < ping_payload; ++i) p[28 + i] = static_cast<std::uint8_t>(i);
  const auto c = internet_checksum(std::span(p).subspan(20));
  p[22] = static_cast<std::uint8_t>(c >> 8);
  p[23] = static_cast<std::uint8_t>(c);
  return p;
}

/// An uplink G-PDU (TS 29.281 §6.1) with the UL PDU Session Information of QFI 9.
std::vector<std::uint8_t> uplink_gpdu(teid t, std::vector<std::uint8_t> inner) {
  gtpu::message g;
  g.teid_ = t;
  gtpu::ul_pdu_session_information ul;
  ul.qfi_ = qfi::literal(upf_bench::bench_qfi);
  g.extension_headers_.push_back({gtpu::extension_type::pdu_session_container, gtpu::pdu_session_container{ul}});
  g.body_ = gtpu::g_pdu{std::move(inner)};
  auto b = gtpu::encode(g);
  return b ? std::move(*b) : std::vector<std::uint8_t>{};
}

class udp_socket {
 public:
  udp_socket(const std::array<std::uint8_t, 4>& address, std::uint16_t port)
      : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    const int big = 4 << 20;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof big);
    const sockaddr_in sin = to_sockaddr(address, port);
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&sin), sizeof sin) == 0;
  }
  ~udp_socket() { ::close(fd_); }
  udp_socket(const udp_socket&) = delete;
  udp_socket& operator=(const udp_socket&) = delete;

  bool bound() const noexcept { return bound_; }
  void send_to(const std::array<std::uint8_t, 4>& address, std::uint16_t port, std::span<const std::uint8_t> b) const {
    const sockaddr_in sin = to_sockaddr(address, port);
    ::sendto(fd_, b.data(), b.size(), 0, reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
  }
  std::optional<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    std::vector<std::uint8_t> b(65536);
    const auto n = ::recv(fd_, b.data(), b.size(), MSG_DONTWAIT);
    if (n < 0) return std::nullopt;
    b.resize(static_cast<std::size_t>(n));
    return b;
  }
  /// Octets of every datagram waiting now, and how many datagrams.
  std::pair<std::uint64_t, std::uint64_t> drain() const {
    std::uint64_t octets = 0, count = 0;
    std::array<std::uint8_t, 65536> b;
    for (;;) {
      const auto n = ::recv(fd_, b.data(), b.size(), MSG_DONTWAIT);
      if (n < 0) return {octets, count};
      octets += static_cast<std::uint64_t>(n);
      ++count;
    }
  }

 private:
  static sockaddr_in to_sockaddr(const std::array<std::uint8_t, 4>& address, std::uint16_t port) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    std::memcpy(&sin.sin_addr, address.data(), 4);
    return sin;
  }
  int fd_;
  bool bound_ = false;
};

/// What the test checks of a downlink G-PDU carrying an ICMP Echo Reply.
struct echo_reply {
  teid teid_{};
  std::optional<std::uint8_t> qfi_;
  std::uint8_t icmp_type_ = 0xff;
  std::uint16_t id_ = 0;
  std::uint16_t seq_ = 0;
  std::size_t inner_size_ = 0;
};

std::optional<echo_reply> read_echo_reply(std::span<const std::uint8_t> packet) {
  const auto h = gtpu::decode_gpdu(packet);
  if (!h) return std::nullopt;
  echo_reply r;
  r.teid_ = h->teid_;
  if (h->pdu_session_container_)
    if (const auto* dl = std::get_if<gtpu::dl_pdu_session_information>(&*h->pdu_session_container_))
      r.qfi_ = static_cast<std::uint8_t>(dl->qfi_.value());
  const auto inner = h->body_;
  if (inner.size() < 28 || (inner[0] >> 4) != 4 || inner[9] != 1) return std::nullopt;
  const std::size_t ihl = (inner[0] & 0x0f) * 4u;
  if (inner.size() < ihl + 8) return std::nullopt;
  r.icmp_type_ = inner[ihl];
  r.id_ = static_cast<std::uint16_t>(inner[ihl + 4] << 8 | inner[ihl + 5]);
  r.seq_ = static_cast<std::uint16_t>(inner[ihl + 6] << 8 | inner[ihl + 7]);
  r.inner_size_ = inner.size();
  return r;
}

/// The topology, `meridian upf` in its upf namespace, and an associated test SMF.
class upf_ping : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create network namespaces, veth pairs and a TUN";
    upf_bench::remove_stale_namespaces();
    auto t = upf_bench::topology::create("mrd-bench-" + std::to_string(::getpid()) + "-ping");
    if (!t) GTEST_SKIP() << "cannot build the gnb | upf | dn namespaces: " << t.error();
    topo_.emplace(std::move(*t));
    const auto& plan = topo_->plan();

    log_file_ = "/tmp/" + topo_->netns_name(bench_node::upf) + ".log";
    spawn_upf();
    ASSERT_GT(pid_, 0);

    {
      auto in = topo_->enter(bench_node::upf);
      ASSERT_TRUE(in.ok());
      n4_peer::client_config cfg;
      cfg.bind_address_ = plan.smf_n4_;
      cfg.port_ = pfcp::udp_port;
      cfg.t1_ = 1000ms;
      auto c = n4_peer::client::create(io_, cfg);
      ASSERT_TRUE(c) << c.error();
      smf_ = std::move(*c);
    }
    {
      auto in = topo_->enter(bench_node::gnb);
      ASSERT_TRUE(in.ok());
      gnb_ = std::make_unique<udp_socket>(plan.gnb_n3_, 2152);
      ASSERT_TRUE(gnb_->bound()) << std::strerror(errno);
    }
    {
      auto in = topo_->enter(bench_node::dn);
      ASSERT_TRUE(in.ok());
      dn_ = std::make_unique<udp_socket>(plan.dn_n6_, plan.dn_port_);
      ASSERT_TRUE(dn_->bound()) << std::strerror(errno);
    }
    smf_->on_node_request([this](const n4_peer::endpoint&, const pfcp::message& m) {
      if (std::holds_alternative<pfcp::association_setup_request>(m.body_)) associated_ = true;
    });

    // Association, retried while the UPF starts (bounded: 10 s).
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!associated_ && std::chrono::steady_clock::now() < deadline) {
      ASSERT_EQ(::waitpid(pid_, nullptr, WNOHANG), 0) << "meridian upf ended: " << upf_log();
      auto answered = std::make_shared<bool>(false);
      smf_->associate(upf_n4(), [this, answered](n4_peer::response r) {
        *answered = true;
        if (const auto* a = r ? std::get_if<pfcp::association_setup_response>(&r->body_) : nullptr)
          associated_ = a->cause_.value_ == pfcp::cause_value::request_accepted;
      });
      n4_peer::run_until(
          io_, [&] { return *answered || associated_; }, 1000ms);
      if (!associated_) std::this_thread::sleep_for(100ms);
    }
    ASSERT_TRUE(associated_) << "no PFCP association within 10 s; log: " << upf_log();
  }

  void TearDown() override {
    if (smf_) smf_->stop();
    smf_.reset();
    gnb_.reset();
    dn_.reset();
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      bool gone = false;
      for (int i = 0; i < 100 && !gone; ++i) {
        gone = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
        if (!gone) std::this_thread::sleep_for(20ms);
      }
      if (!gone) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
      }
      std::remove(log_file_.c_str());
    }
    topo_.reset();  // removes the namespaces, and with them the veth pairs
  }

  /// Forks `meridian upf` into the upf namespace: N3 on the n3 veth, N4 on its
  /// loopback, one worker, a TUN whose prefix is the UE pool.
  void spawn_upf() {
    const auto& plan = topo_->plan();
    const std::vector<std::string> argv{MERIDIAN_BINARY, "upf",
                                        "--n3-address",  upf_bench::to_string(plan.upf_n3_),
                                        "--n4-address",  upf_bench::to_string(plan.upf_n4_),
                                        "--tun-name",    "upf0",
                                        "--tun-address", "10.175.255.254/12",
                                        "--workers",     "1"};
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int ns = topo_->netns_fd(bench_node::upf);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(126);
      if (::setns(ns, CLONE_NEWNET) != 0) ::_exit(125);
      const int fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    pid_ = pid;
  }

  std::string upf_log() const {
    std::string text;
    if (FILE* f = std::fopen(log_file_.c_str(), "r")) {
      char buf[4096];
      std::size_t n = 0;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
      std::fclose(f);
    }
    return text;
  }

  n4_peer::endpoint upf_n4() const { return {topo_->plan().upf_n4_, pfcp::udp_port}; }

  /// Establishes the session (UPF-chosen uplink F-TEID; a QER with QFI 9 and
  /// `mbr_bps` when non-zero; a URR measuring volume on both PDRs); returns
  /// the uplink TEID, or nothing after a failed assertion.
  std::optional<teid> establish(double mbr_bps) {
    upf_bench::bench_session s;
    s.ue_address_ = ue_address;
    s.downlink_teid_ = *teid::from(gnb_teid);
    auto req = upf_bench::session_establishment(topo_->plan(), s, cp_seid_, true, {mbr_bps});
    req.node_id_.ipv4_ = topo_->plan().smf_n4_;
    if (req.create_qer_.empty()) {
      // No MBR, but a QFI for the downlink PDU Session Container.
      pfcp::create_qer q;
      q.qer_id_.value_ = 1;
      q.qfi_ = pfcp::qfi{upf_bench::bench_qfi};
      req.create_qer_.push_back(q);
      for (auto& pdr : req.create_pdr_) pdr.qer_id_.push_back(pfcp::qer_id{1});
    }
    pfcp::create_urr u;
    u.urr_id_.value_ = 1;
    u.measurement_method_.set(pfcp::flags::measurement_method::volum);
    u.reporting_triggers_.set(pfcp::flags::reporting_triggers::volth);
    u.volume_threshold_ = pfcp::volume_threshold{1'000'000'000, std::nullopt, std::nullopt};
    req.create_urr_.push_back(u);
    for (auto& pdr : req.create_pdr_) pdr.urr_id_.push_back(pfcp::urr_id{1});

    auto r = smf_->call(upf_n4(), seid{}, req, 5s);
    EXPECT_TRUE(r) << "no Session Establishment Response";
    if (!r) return std::nullopt;
    const auto* resp = std::get_if<pfcp::session_establishment_response>(&r->body_);
    EXPECT_NE(resp, nullptr);
    if (resp == nullptr) return std::nullopt;
    EXPECT_EQ(resp->cause_.value_, pfcp::cause_value::request_accepted);
    EXPECT_TRUE(resp->up_f_seid_);
    if (!resp->up_f_seid_) return std::nullopt;
    up_seid_ = resp->up_f_seid_->seid_;
    for (const auto& c : resp->created_pdr_)
      if (c.pdr_id_.value_ == 1 && c.local_f_teid_) return c.local_f_teid_->teid_;
    ADD_FAILURE() << "no Created PDR with the uplink F-TEID";
    return std::nullopt;
  }

  /// Sets the downlink FAR's Apply Action; true when accepted.
  bool set_downlink_action(std::initializer_list<pfcp::flag> flags) {
    pfcp::session_modification_request m;
    pfcp::update_far uf;
    uf.far_id_ = pfcp::far_id{2};
    pfcp::apply_action a;
    for (auto f : flags) a.set(f);
    uf.apply_action_ = a;
    m.update_far_.push_back(uf);
    auto r = smf_->call(upf_n4(), up_seid_, m, 5s);
    if (!r) return false;
    const auto* resp = std::get_if<pfcp::session_modification_response>(&r->body_);
    return resp != nullptr && resp->cause_.value_ == pfcp::cause_value::request_accepted;
  }

  /// Inner octets (the UE's IPv4 packets) and count of the G-PDUs waiting now on
  /// the gNB socket that carry the gNB's downlink TEID; anything else is ignored.
  std::pair<std::uint64_t, std::uint64_t> drain_downlink() {
    std::uint64_t octets = 0, count = 0;
    for (int i = 0; i < 1'000'000; ++i) {
      auto b = gnb_->receive(0ms);
      if (!b) break;
      const auto h = gtpu::decode_gpdu(*b);
      if (!h || h->teid_.value() != gnb_teid) continue;
      octets += h->body_.size();
      ++count;
    }
    return {octets, count};
  }

  /// The next G-PDU on the gNB socket that carries an Echo Reply (bounded).
  std::optional<echo_reply> next_echo_reply(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto b = gnb_->receive(std::max(left, 1ms));
      if (!b) return std::nullopt;
      if (auto r = read_echo_reply(*b)) return r;
    }
    return std::nullopt;
  }

  std::optional<upf_bench::topology> topo_;
  std::string log_file_;
  pid_t pid_ = -1;
  asio::io_context io_;
  std::unique_ptr<n4_peer::client> smf_;
  std::unique_ptr<udp_socket> gnb_;
  std::unique_ptr<udp_socket> dn_;
  bool associated_ = false;
  seid cp_seid_ = *seid::from(0x5e55);
  seid up_seid_{};
};

TEST_F(upf_ping, when_the_ue_pings_the_dn_then_replies_come_back_tunnelled_buffer_on_request_and_are_accounted) {
  const auto& plan = topo_->plan();
  const auto ul_teid = establish(0);
  ASSERT_TRUE(ul_teid);
  std::uint64_t uplink_octets = 0, downlink_octets = 0;

  // A ping from the gNB side, inside GTP-U, answered by the dn namespace's kernel.
  gnb_->send_to(plan.upf_n3_, 2152, uplink_gpdu(*ul_teid, icmp_echo_request(plan.dn_n6_, 1)));
  uplink_octets += ping_size;
  auto reply = next_echo_reply(3s);
  ASSERT_TRUE(reply) << "no Echo Reply came back through the tunnel; log: " << upf_log();
  EXPECT_EQ(reply->teid_.value(), gnb_teid) << "not the gNB F-TEID of the FAR's Outer Header Creation";
  EXPECT_EQ(reply->qfi_, std::optional<std::uint8_t>{upf_bench::bench_qfi});
  EXPECT_EQ(reply->icmp_type_, 0) << "not an Echo Reply";
  EXPECT_EQ(reply->id_, ping_id);
  EXPECT_EQ(reply->seq_, 1);
  downlink_octets += reply->inner_size_;

  // Buffering with notification: the reply is held and the SMF hears of it.
  std::optional<pfcp::session_report_request> report;
  smf_->on_session_report([&](const n4_peer::endpoint&, const pfcp::header&, const pfcp::session_report_request& r) {
    report = r;
    pfcp::session_report_response answer;
    answer.cause_.value_ = pfcp::cause_value::request_accepted;
    return answer;
  });
  ASSERT_TRUE(set_downlink_action({pfcp::flags::apply_action::buff, pfcp::flags::apply_action::nocp}));
  gnb_->send_to(plan.upf_n3_, 2152, uplink_gpdu(*ul_teid, icmp_echo_request(plan.dn_n6_, 2)));
  uplink_octets += ping_size;
  ASSERT_TRUE(n4_peer::run_until(
      io_, [&] { return report.has_value(); }, 3s))
      << "no Session Report Request; log: " << upf_log();
  EXPECT_TRUE(report->report_type_.test(pfcp::flags::report_type::dldr));
  ASSERT_TRUE(report->downlink_data_report_);
  ASSERT_EQ(report->downlink_data_report_->pdr_id_.size(), 1u);
  EXPECT_EQ(report->downlink_data_report_->pdr_id_[0].value_, 2);
  EXPECT_FALSE(next_echo_reply(300ms)) << "a buffered reply left the UPF";

  // Forwarding again: the held reply arrives.
  ASSERT_TRUE(set_downlink_action({pfcp::flags::apply_action::forw}));
  reply = next_echo_reply(3s);
  ASSERT_TRUE(reply) << "the buffered reply was not released";
  EXPECT_EQ(reply->teid_.value(), gnb_teid);
  EXPECT_EQ(reply->icmp_type_, 0);
  EXPECT_EQ(reply->seq_, 2);
  downlink_octets += reply->inner_size_;

  // Deletion: the usage report counts exactly the inner octets of both ways.
  auto r = smf_->call(upf_n4(), up_seid_, pfcp::session_deletion_request{}, 5s);
  ASSERT_TRUE(r) << "no Session Deletion Response";
  const auto* del = std::get_if<pfcp::session_deletion_response>(&r->body_);
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->cause_.value_, pfcp::cause_value::request_accepted);
  ASSERT_EQ(del->usage_report_.size(), 1u);
  ASSERT_TRUE(del->usage_report_[0].volume_measurement_);
  const auto& v = *del->usage_report_[0].volume_measurement_;
  EXPECT_EQ(v.uplink_volume_, std::optional<std::uint64_t>{uplink_octets});
  EXPECT_EQ(v.downlink_volume_, std::optional<std::uint64_t>{downlink_octets});
  EXPECT_EQ(v.total_volume_, std::optional<std::uint64_t>{uplink_octets + downlink_octets});
}

TEST_F(upf_ping, when_a_qer_sets_an_uplink_mbr_then_twice_that_offered_is_delivered_within_5_percent_of_it) {
  const auto& plan = topo_->plan();
  constexpr double mbr_bps = 20e6;
  constexpr double offered_bps = 2 * mbr_bps;
  constexpr std::size_t inner_size = 1400;
  constexpr auto run = 3s;
  const auto ul_teid = establish(mbr_bps);
  ASSERT_TRUE(ul_teid);

  upf_bench::uplink_layout layout;
  layout.inner_size_ = inner_size;
  layout.destination_ = ipv4_endpoint{plan.dn_n6_, plan.dn_port_};
  layout.qfi_ = upf_bench::bench_qfi;
  auto writer = upf_bench::uplink_packet_writer::create(layout);
  ASSERT_TRUE(writer);
  upf_bench::bench_session s;
  s.uplink_teid_ = *ul_teid;
  s.ue_address_ = ue_address;
  std::vector<std::uint8_t> packet(writer->packet_size());

  // Paced UDP inside GTP-U at twice the MBR; the dn receiver is drained as we go.
  const double pps = offered_bps / (inner_size * 8.0);
  std::uint64_t sent = 0, received_octets = 0, received = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto now = start; now - start < run; now = std::chrono::steady_clock::now()) {
    const auto due = static_cast<std::uint64_t>(std::chrono::duration<double>(now - start).count() * pps);
    for (; sent < due; ++sent) {
      writer->write(packet, s, upf_bench::probe{1, 0, sent, 0}, static_cast<std::uint16_t>(sent));
      gnb_->send_to(plan.upf_n3_, 2152, packet);
    }
    const auto [o, n] = dn_->drain();
    received_octets += o;
    received += n;
    std::this_thread::sleep_for(200us);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::this_thread::sleep_for(200ms);  // what is still on its way was admitted within the run
  const auto [o, n] = dn_->drain();
  received_octets += o;
  received += n;

  // The policer counts the inner IPv4 packet: the UDP payload plus 28 octets of headers.
  const double delivered_bps = static_cast<double>(received_octets + 28 * received) * 8 / seconds;
  const double offered = static_cast<double>(sent) * inner_size * 8 / seconds;
  EXPECT_GT(offered, 1.5 * mbr_bps) << "the offer fell short; the MBR was not tested";
  EXPECT_NEAR(delivered_bps, mbr_bps, 0.05 * mbr_bps)
      << "delivered " << delivered_bps / 1e6 << " Mbit/s of " << offered / 1e6 << " offered over " << seconds << " s";
  RecordProperty("delivered_mbit_s", std::to_string(delivered_bps / 1e6));
}

TEST_F(upf_ping, when_a_qer_sets_a_downlink_mbr_then_twice_that_offered_is_delivered_to_the_gnb_within_5_percent) {
  constexpr double mbr_bps = 20e6;
  constexpr double offered_bps = 2 * mbr_bps;
  constexpr std::size_t inner_size = 1400;  // fits the UPF's TUN (MTU 1400) and the veth without fragments
  constexpr std::size_t payload_size = upf_bench::downlink_payload_size(inner_size);
  constexpr std::uint16_t ue_port = 40000;
  constexpr auto run = 1500ms;
  ASSERT_TRUE(establish(mbr_bps));

  // Paced UDP from the data network to the UE at twice the MBR; the gNB socket
  // is drained as we go and counts the inner packets of the gNB's tunnel.
  const std::vector<std::uint8_t> payload(payload_size, 0x5a);
  const double pps = offered_bps / (inner_size * 8.0);
  std::uint64_t sent = 0, delivered_octets = 0, delivered = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto now = start; now - start < run; now = std::chrono::steady_clock::now()) {
    const auto due = static_cast<std::uint64_t>(std::chrono::duration<double>(now - start).count() * pps);
    for (; sent < due; ++sent) dn_->send_to(ue_address, ue_port, payload);
    const auto [o, n] = drain_downlink();
    delivered_octets += o;
    delivered += n;
    std::this_thread::sleep_for(200us);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::this_thread::sleep_for(200ms);  // what is still on its way was admitted within the run
  const auto [o, n] = drain_downlink();
  delivered_octets += o;
  delivered += n;

  // The policer counts the inner IPv4 packet, which is exactly the G-PDU's payload.
  const double delivered_bps = static_cast<double>(delivered_octets) * 8 / seconds;
  const double offered = static_cast<double>(sent) * inner_size * 8 / seconds;
  EXPECT_GT(delivered, 0u) << "nothing reached the gNB; log: " << upf_log();
  EXPECT_EQ(delivered_octets, delivered * inner_size) << "inner packets of another size in the tunnel";
  EXPECT_GT(offered, 1.5 * mbr_bps) << "the offer fell short; the MBR was not tested";
  EXPECT_NEAR(delivered_bps, mbr_bps, 0.05 * mbr_bps)
      << "delivered " << delivered_bps / 1e6 << " Mbit/s of " << offered / 1e6 << " offered over " << seconds << " s";
  RecordProperty("delivered_mbit_s", std::to_string(delivered_bps / 1e6));
}

TEST_F(upf_ping, when_a_gpdu_arrives_for_a_teid_no_session_has_then_an_error_indication_comes_back) {
  const auto& plan = topo_->plan();
  constexpr std::uint32_t unknown = 0x00c0ffee;
  gnb_->send_to(plan.upf_n3_, 2152, uplink_gpdu(*teid::from(unknown), icmp_echo_request(plan.dn_n6_, 7)));
  auto b = gnb_->receive(3s);
  ASSERT_TRUE(b) << "no answer to a G-PDU on an unknown TEID; log: " << upf_log();
  auto m = gtpu::decode(*b);
  ASSERT_TRUE(m) << "not GTP-U";
  const auto* ei = std::get_if<gtpu::error_indication>(&m->body_);
  ASSERT_NE(ei, nullptr) << "not an Error Indication: " << gtpu::to_json_text(*m);
  EXPECT_EQ(ei->teid_data_i_.teid_.value(), unknown);
  EXPECT_EQ(ei->gtp_u_peer_address_.address_, (std::vector<std::uint8_t>(plan.upf_n3_.begin(), plan.upf_n3_.end())));
}

TEST_F(upf_ping, when_the_gnb_sends_an_error_indication_for_the_sessions_tunnel_then_the_smf_gets_an_erir_report) {
  const auto& plan = topo_->plan();
  ASSERT_TRUE(establish(0));
  std::optional<pfcp::header> header;
  std::optional<pfcp::session_report_request> report;
  smf_->on_session_report([&](const n4_peer::endpoint&, const pfcp::header& h, const pfcp::session_report_request& r) {
    header = h;
    report = r;
    pfcp::session_report_response answer;
    answer.cause_.value_ = pfcp::cause_value::request_accepted;
    return answer;
  });
  // The gNB lost the context of the session's downlink tunnel (TS 29.281 §7.3.1):
  // it names the TEID the UPF sends to and its own N3 address.
  gtpu::message m;
  m.sequence_number_ = 0;
  gtpu::error_indication ei;
  ei.teid_data_i_.teid_ = *teid::from(gnb_teid);
  ei.gtp_u_peer_address_.address_.assign(plan.gnb_n3_.begin(), plan.gnb_n3_.end());
  m.body_ = std::move(ei);
  auto bytes = gtpu::encode(m);
  ASSERT_TRUE(bytes);
  gnb_->send_to(plan.upf_n3_, 2152, *bytes);
  ASSERT_TRUE(n4_peer::run_until(
      io_, [&] { return report.has_value(); }, 3s))
      << "no Session Report Request; log: " << upf_log();
  EXPECT_EQ(header->seid_, cp_seid_);
  EXPECT_TRUE(report->report_type_.test(pfcp::flags::report_type::erir));
  ASSERT_TRUE(report->error_indication_report_);
  ASSERT_EQ(report->error_indication_report_->remote_f_teid_.size(), 1u);
  const auto& f = report->error_indication_report_->remote_f_teid_[0];
  EXPECT_EQ(f.teid_.value(), gnb_teid);
  EXPECT_EQ(f.ipv4_, std::optional<pfcp::ipv4_address>{plan.gnb_n3_});
}

}  // namespace
}  // namespace meridian
