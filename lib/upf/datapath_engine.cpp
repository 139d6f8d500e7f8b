// The data path: workers, their sockets and TUN queues, and the N4 seam; see datapath_engine.hpp.

#include "meridian/upf/datapath_engine.hpp"

#include <linux/filter.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace meridian::upf {

namespace {

/// Attaches the program that picks, among the N3 sockets of the reuseport
/// group (in bind order = worker order), socket TEID mod N. For UDP the
/// kernel runs it with the UDP header pulled, so offset 4 is the GTP-U TEID
/// (TS 29.281 §5.1). A datagram too short to hold a TEID makes the load fail,
/// which ends the program with 0: worker 0 gets it (and counts it malformed).
bool attach_teid_steering(int fd, std::size_t workers) noexcept {
  sock_filter code[] = {
      {BPF_LD | BPF_W | BPF_ABS, 0, 0, 4},
      {BPF_ALU | BPF_MOD | BPF_K, 0, 0, static_cast<std::uint32_t>(workers)},
      {BPF_RET | BPF_A, 0, 0, 0},
  };
  sock_fprog prog{static_cast<unsigned short>(std::size(code)), code};
  return ::setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof prog) == 0;
}

std::vector<teid> tunnel_teids(const session_rules& r) {
  std::vector<teid> out;
  for (const pdr& p : r.pdrs_)
    if (p.pdi_.local_teid_) out.push_back(*p.pdi_.local_teid_);
  return out;
}

}  // namespace

/// Hands the workers' notifications to the N4 thread.
class datapath_engine::posting_notifier final : public datapath_notifier {
 public:
  posting_notifier(datapath_notifier* target, executor post) : target_(target), post_(std::move(post)) {}
  datapath_notifier* get() noexcept { return target_ == nullptr ? nullptr : this; }

  void on_downlink_data(seid session, pdr_id pdr) override {
    if (!post_) return target_->on_downlink_data(session, pdr);
    post_([t = target_, session, pdr] { t->on_downlink_data(session, pdr); });
  }
  void on_usage_threshold(seid session, std::vector<urr_usage> usage) override {
    if (!post_) return target_->on_usage_threshold(session, std::move(usage));
    post_([t = target_, session, u = std::move(usage)]() mutable { t->on_usage_threshold(session, std::move(u)); });
  }
  void on_error_indication(remote_f_teid tunnel) override {
    if (!post_) return target_->on_error_indication(tunnel);
    post_([t = target_, tunnel] { t->on_error_indication(tunnel); });
  }

 private:
  datapath_notifier* target_;
  executor post_;
};

datapath_engine::datapath_engine(const clock& clk, std::size_t workers, datapath_notifier* notifier, executor post)
    : clock_(&clk), notifier_(std::make_unique<posting_notifier>(notifier, std::move(post))), teids_(workers) {}

datapath_engine::~datapath_engine() { stop(); }

std::expected<std::unique_ptr<datapath_engine>, datapath_error> datapath_engine::open(const datapath_config& cfg,
                                                                                      const clock& clk,
                                                                                      datapath_notifier* notifier,
                                                                                      executor post) {
  using k = datapath_error::kind;
  if (cfg.workers_ == 0 || cfg.workers_ > datapath_config::max_workers)
    return std::unexpected(datapath_error{
        k::config, fmt::format("workers must be 1..{}, not {}", datapath_config::max_workers, cfg.workers_)});
  const std::size_t n = cfg.workers_;
  std::unique_ptr<datapath_engine> d(new datapath_engine(clk, n, notifier, std::move(post)));

  // N3: one socket per worker on one port; the first binds (perhaps port 0), the others join its group.
  std::vector<transport::udp_batch_socket> sockets;
  transport::udp_batch_config n3 = cfg.n3_;
  n3.reuse_port_ = n > 1;
  for (std::size_t i = 0; i < n; ++i) {
    auto s = transport::udp_batch_socket::open(n3);
    if (!s) return std::unexpected(datapath_error{k::n3_socket, "N3: " + s.error().message()});
    if (i == 0) n3.bind_.port = s->local_endpoint().port;
    sockets.push_back(std::move(*s));
  }
  d->n3_endpoint_ = sockets.front().local_endpoint();
  d->n3_gro_ = sockets.front().gro_enabled();
  d->n3_gso_ = sockets.front().gso_supported();
  if (n > 1) {
    d->steering_ = attach_teid_steering(sockets.front().native_handle(), n);
    // Without the program the kernel spreads by flow hash; hand-over still finds each session.
  }

  // N6: one TUN queue per worker.
  std::vector<std::optional<transport::tun_device>> queues(n);
  if (cfg.tun_) {
    transport::tun_config t = *cfg.tun_;
    t.multi_queue_ = n > 1;
    for (std::size_t i = 0; i < n; ++i) {
      auto q = transport::tun_device::open(t);
      if (!q) return std::unexpected(datapath_error{k::tun, "N6: " + q.error().message()});
      if (i == 0) {
        d->tun_name_ = q->name();
        d->tun_offloads_ = q->offloads();
        // Further queues attach to the same interface, already configured.
        t.name_ = q->name();
        t.ipv4_.reset();
        t.mtu_.reset();
        t.up_ = false;
      }
      queues[i] = std::move(*q);
    }
  }

  if (n > 1) d->mesh_ = std::make_unique<handoff_mesh>(n, cfg.handoff_ring_slots_);
  std::vector<worker*> members;
  for (std::size_t i = 0; i < n; ++i) {
    worker_config wc;
    wc.sessions_ = cfg.sessions_;
    wc.sessions_.expected_sessions_ = std::max<std::size_t>(16, cfg.sessions_.expected_sessions_ / n);
    wc.pipeline_ = cfg.pipeline_;
    wc.pipeline_.worker_index_ = i;
    wc.pipeline_.worker_count_ = n;
    wc.pipeline_.n3_address_ = d->n3_endpoint_.address;
    // Super-packets need the virtio header on every write; trains need UDP GSO
    // (the socket would split them, but then joining them is wasted work).
    wc.pipeline_.coalesce_n6_ = d->tun_offloads_.vnet_header_;
    wc.pipeline_.coalesce_protocols_.udp_ = d->tun_offloads_.uso_;
    wc.pipeline_.n3_trains_ = d->n3_gso_;
    wc.capture_ = cfg.capture_;
    d->workers_.push_back(std::make_unique<worker>(wc, std::move(sockets[i]), std::move(queues[i]), d->mesh_.get(),
                                                   d->notifier_->get(), clk));
    members.push_back(d->workers_.back().get());
  }
  if (d->mesh_) d->mesh_->attach(std::move(members));
  return d;
}

void datapath_engine::start() {
  for (auto& w : workers_) w->start();
}

void datapath_engine::stop() {
  for (auto& w : workers_) w->stop();
}

std::size_t datapath_engine::owner_of(const session_rules& rules) const noexcept {
  const std::size_t n = workers_.size();
  // The tunnel decides, because the kernel steers uplink by TEID; downlink
  // packets arrive on whatever TUN queue the kernel picked in any case.
  for (const pdr& p : rules.pdrs_)
    if (p.pdi_.local_teid_) return worker_for_teid(*p.pdi_.local_teid_, n);
  for (const pdr& p : rules.pdrs_)
    if (p.pdi_.ue_address_) return worker_for_ue_address(*p.pdi_.ue_address_, n);
  return 0;
}

void datapath_engine::publish_keys(const session_rules& rules, std::optional<std::size_t> owner) {
  if (workers_.size() < 2) return;
  std::vector<teid> teids;
  std::vector<ipv4_address> addresses;
  for (const pdr& p : rules.pdrs_) {
    if (p.pdi_.local_teid_)
      teids.push_back(*p.pdi_.local_teid_);
    else if (p.pdi_.ue_address_)
      addresses.push_back(*p.pdi_.ue_address_);
  }
  for (auto& w : workers_)
    if (!owner || w->index() != *owner)
      w->call([&](worker_pipeline& p) {
        p.set_remote_owner(teids, addresses, owner);
        return 0;
      });
}

std::expected<void, rules_error> datapath_engine::establish(session_rules rules) {
  const std::uint64_t key = rules.seid_.value();
  {
    std::lock_guard lock(owners_mutex_);
    if (owners_.contains(key)) return std::unexpected(rules_error{rules_errc::duplicate_seid, 0});
  }
  const std::size_t w = owner_of(rules);
  const session_rules copy = workers_.size() > 1 ? rules : session_rules{};
  const auto teids = tunnel_teids(rules);
  auto r = workers_[w]->call([&](worker_pipeline& p) { return p.establish(std::move(rules), clock_->now()); });
  if (!r) return r;
  for (teid t : teids) teids_.reserve(t);
  publish_keys(copy, w);
  std::lock_guard lock(owners_mutex_);
  owners_.emplace(key, w);
  return {};
}

std::expected<std::vector<urr_usage>, rules_error> datapath_engine::modify(session_rules rules,
                                                                           const modify_options& options) {
  std::size_t w = 0;
  {
    std::lock_guard lock(owners_mutex_);
    auto it = owners_.find(rules.seid_.value());
    if (it == owners_.end()) return std::unexpected(rules_error{rules_errc::unknown_seid, 0});
    w = it->second;
  }
  // The session stays on its worker even if the modification changes its UE
  // address: moving it would lose nothing but cost a copy; hand-over finds it.
  const auto after = tunnel_teids(rules);
  const session_rules copy = workers_.size() > 1 ? rules : session_rules{};
  std::vector<teid> before;
  session_rules old_rules;
  auto r = workers_[w]->call([&](worker_pipeline& p) {
    if (const session* s = p.table().find(rules.seid_); s != nullptr) {
      before = tunnel_teids(s->rules());
      if (workers_.size() > 1) old_rules = s->rules();
    }
    return p.modify(std::move(rules), options, clock_->now());
  });
  if (!r) return r;
  publish_keys(old_rules, std::nullopt);
  publish_keys(copy, w);
  for (teid t : after) teids_.reserve(t);
  for (teid t : before)
    if (std::find(after.begin(), after.end(), t) == after.end()) teids_.release(t);
  return r;
}

std::optional<std::vector<urr_usage>> datapath_engine::remove(seid id) {
  std::size_t w = 0;
  {
    std::lock_guard lock(owners_mutex_);
    auto it = owners_.find(id.value());
    if (it == owners_.end()) return std::nullopt;
    w = it->second;
    owners_.erase(it);
  }
  std::vector<teid> teids;
  session_rules old_rules;
  auto r = workers_[w]->call([&](worker_pipeline& p) {
    if (const session* s = p.table().find(id); s != nullptr) {
      teids = tunnel_teids(s->rules());
      if (workers_.size() > 1) old_rules = s->rules();
    }
    return p.remove(id);
  });
  for (teid t : teids) teids_.release(t);
  publish_keys(old_rules, std::nullopt);
  return r;
}

std::size_t datapath_engine::session_count() const {
  std::lock_guard lock(owners_mutex_);
  return owners_.size();
}

std::vector<worker_counter_values> datapath_engine::worker_counters() const {
  std::vector<worker_counter_values> out;
  for (const auto& w : workers_) out.push_back(w->counters().snapshot());
  return out;
}

worker_counter_values datapath_engine::total_counters() const {
  worker_counter_values sum{};
  for (const auto& w : workers_) {
    const auto v = w->counters().snapshot();
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += v[i];
  }
  return sum;
}

}  // namespace meridian::upf
