// The data path: workers, their sockets and TUN queues, and the N4 seam; see datapath_engine.hpp.

#include "meridian/upf/datapath_engine.hpp"

#include <linux/filter.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
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
    : clock_(&clk),
      post_(post),
      inline_([](std::function<void()> f) { f(); }),
      notifier_(std::make_unique<posting_notifier>(notifier, std::move(post))),
      teids_(workers) {}

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

template <class F, class Then>
void datapath_engine::on_worker(std::size_t w, const executor& back, F f, Then then) {
  workers_[w]->execute(std::move(f), [back, then = std::move(then)](auto result) mutable {
    // An executor takes a copyable function: the move-only parts travel by shared_ptr.
    auto r = std::make_shared<decltype(result)>(std::move(result));
    auto t = std::make_shared<Then>(std::move(then));
    back([r, t] { (*t)(std::move(*r)); });
  });
}

void datapath_engine::publish_keys(const executor& back, const session_rules& rules, std::optional<std::size_t> owner,
                                   std::move_only_function<void()> then) {
  std::vector<std::size_t> targets;
  if (workers_.size() > 1)
    for (auto& w : workers_)
      if (!owner || w->index() != *owner) targets.push_back(w->index());
  if (targets.empty()) {
    then();
    return;
  }
  struct keys {
    std::vector<teid> teids_;
    std::vector<ipv4_address> addresses_;
  };
  auto k = std::make_shared<keys>();
  for (const pdr& p : rules.pdrs_) {
    if (p.pdi_.local_teid_)
      k->teids_.push_back(*p.pdi_.local_teid_);
    else if (p.pdi_.ue_address_)
      k->addresses_.push_back(*p.pdi_.ue_address_);
  }
  // Counted down where the answers arrive: on the N4 thread, or on the workers themselves.
  auto left = std::make_shared<std::atomic<std::size_t>>(targets.size());
  auto last = std::make_shared<std::move_only_function<void()>>(std::move(then));
  for (std::size_t i : targets)
    on_worker(
        i, back,
        [k, owner](worker_pipeline& p) {
          p.set_remote_owner(k->teids_, k->addresses_, owner);
          return 0;
        },
        [left, last](int) {
          if (left->fetch_sub(1) == 1) (*last)();
        });
}

void datapath_engine::establish_via(const executor& back, session_rules rules, establish_completion done) {
  const std::uint64_t key = rules.seid_.value();
  const std::size_t w = owner_of(rules);
  {
    std::lock_guard lock(owners_mutex_);
    if (owners_.contains(key)) return done(std::unexpected(rules_error{rules_errc::duplicate_seid, 0}));
    // Placed now, so that a modification started before the answer follows it to its worker.
    owners_.emplace(key, w);
  }
  auto copy = std::make_shared<const session_rules>(workers_.size() > 1 ? rules : session_rules{});
  auto teids = std::make_shared<const std::vector<teid>>(tunnel_teids(rules));
  on_worker(
      w, back,
      [this, rules = std::move(rules)](worker_pipeline& p) mutable { return p.establish(std::move(rules), clock_->now()); },
      [this, back, key, w, copy, teids, done = std::move(done)](std::expected<void, rules_error> r) mutable {
        if (!r) {
          {
            std::lock_guard lock(owners_mutex_);
            owners_.erase(key);
          }
          return done(r);
        }
        for (teid t : *teids) teids_.reserve(t);
        publish_keys(back, *copy, w, [done = std::move(done)]() mutable { done({}); });
      });
}

void datapath_engine::modify_via(const executor& back, session_rules rules, modify_options options,
                                 modify_completion done) {
  std::size_t w = 0;
  {
    std::lock_guard lock(owners_mutex_);
    auto it = owners_.find(rules.seid_.value());
    if (it == owners_.end()) return done(std::unexpected(rules_error{rules_errc::unknown_seid, 0}));
    w = it->second;
  }
  // The session stays on its worker even if the modification changes its UE
  // address: moving it would lose nothing but cost a copy; hand-over finds it.
  auto copy = std::make_shared<const session_rules>(workers_.size() > 1 ? rules : session_rules{});
  auto after = std::make_shared<const std::vector<teid>>(tunnel_teids(rules));
  struct outcome {
    std::expected<std::vector<urr_usage>, rules_error> result_;
    std::vector<teid> before_;
    session_rules old_rules_;
  };
  const bool many = workers_.size() > 1;
  on_worker(
      w, back,
      [this, many, rules = std::move(rules), options = std::move(options)](worker_pipeline& p) mutable {
        outcome o;
        if (const session* s = p.table().find(rules.seid_); s != nullptr) {
          o.before_ = tunnel_teids(s->rules());
          if (many) o.old_rules_ = s->rules();
        }
        o.result_ = p.modify(std::move(rules), options, clock_->now());
        return o;
      },
      [this, back, w, copy, after, done = std::move(done)](outcome o) mutable {
        if (!o.result_) return done(std::move(o.result_));
        for (teid t : *after) teids_.reserve(t);
        for (teid t : o.before_)
          if (std::find(after->begin(), after->end(), t) == after->end()) teids_.release(t);
        auto result = std::make_shared<std::expected<std::vector<urr_usage>, rules_error>>(std::move(o.result_));
        auto finish = [this, back, w, copy, result, done = std::move(done)]() mutable {
          publish_keys(back, *copy, w, [result, done = std::move(done)]() mutable { done(std::move(*result)); });
        };
        publish_keys(back, o.old_rules_, std::nullopt, std::move(finish));
      });
}

void datapath_engine::remove_via(const executor& back, seid id, remove_completion done) {
  std::size_t w = 0;
  {
    std::lock_guard lock(owners_mutex_);
    auto it = owners_.find(id.value());
    if (it == owners_.end()) return done(std::nullopt);
    w = it->second;
    owners_.erase(it);
  }
  struct outcome {
    std::optional<std::vector<urr_usage>> usage_;
    std::vector<teid> teids_;
    session_rules old_rules_;
  };
  const bool many = workers_.size() > 1;
  on_worker(
      w, back,
      [id, many](worker_pipeline& p) {
        outcome o;
        if (const session* s = p.table().find(id); s != nullptr) {
          o.teids_ = tunnel_teids(s->rules());
          if (many) o.old_rules_ = s->rules();
        }
        o.usage_ = p.remove(id);
        return o;
      },
      [this, back, done = std::move(done)](outcome o) mutable {
        for (teid t : o.teids_) teids_.release(t);
        auto usage = std::make_shared<std::optional<std::vector<urr_usage>>>(std::move(o.usage_));
        publish_keys(back, o.old_rules_, std::nullopt,
                     [usage, done = std::move(done)]() mutable { done(std::move(*usage)); });
      });
}

void datapath_engine::establish_async(session_rules rules, establish_completion done) {
  establish_via(back_async(), std::move(rules), std::move(done));
}

void datapath_engine::modify_async(session_rules rules, modify_options options, modify_completion done) {
  modify_via(back_async(), std::move(rules), std::move(options), std::move(done));
}

void datapath_engine::remove_async(seid id, remove_completion done) {
  remove_via(back_async(), id, std::move(done));
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
