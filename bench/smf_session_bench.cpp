// The SMF's cost per PDU session:
// - bm_smf_establish_release: the SMF core alone (N4 and the AMF answer at
//   once, in process): CreateSMContext with its checks and address, the PFCP
//   rules, the N1 accept and the N2 transfer encoded, then ReleaseSMContext.
// - bm_smf_establish_release_over_pfcp: the same through the real N4 port and
//   n4_peer::client, over loopback UDP, to the UPF's N4 node (upf::n4_server)
//   installing the rules in a real session table; one session at a time, so
//   this is the round-trip rate of establishment + deletion, not a pipelined
//   throughput.
// - bm_smf_memory_per_session: heap bytes per established session (SM
//   context, address lease, context table), at 100,000 sessions.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <asio/io_context.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/common/log.hpp"
#include "meridian/n4_peer/client.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/runtime/runtime.hpp"
#include "meridian/smf/n4_client_port.hpp"
#include "meridian/smf/smf.hpp"
#include "meridian/upf/async_session_installer.hpp"
#include "meridian/upf/n4_server.hpp"
#include "meridian/upf/session_table.hpp"

using namespace meridian;
using namespace meridian::smf;

namespace {

void quiet() {
  static const bool once = [] {
    log::configure(log::logging_config{log::level::off, {}});
    return true;
  }();
  (void)once;
}

class instant_amf final : public amf::namf_communication {
 public:
  sbi::awaitable<amf::n1_n2_message_transfer_rsp_data> n1_n2_message_transfer(
      std::string, amf::n1_n2_message_transfer_req_data) override {
    ++transfers;
    co_return amf::n1_n2_message_transfer_rsp_data{};
  }
  std::uint64_t transfers = 0;
};

class instant_n4 final : public n4_port {
 public:
  runtime::task<n4_result<pfcp::session_establishment_response>> establish(
      pfcp::session_establishment_request) override {
    pfcp::session_establishment_response r;
    r.cause_.value_ = pfcp::cause_value::request_accepted;
    r.up_f_seid_ = pfcp::f_seid{*seid::from(++next_), pfcp::ipv4_address{127, 0, 0, 9}, std::nullopt};
    pfcp::created_pdr pdr;
    pdr.pdr_id_.value_ = 1;
    pfcp::f_teid f;
    f.teid_ = *teid::from(static_cast<std::uint32_t>(next_));
    f.ipv4_ = pfcp::ipv4_address{127, 0, 0, 7};
    pdr.local_f_teid_ = f;
    r.created_pdr_.push_back(pdr);
    co_return r;
  }
  runtime::task<n4_result<pfcp::session_modification_response>> modify(seid,
                                                                        pfcp::session_modification_request) override {
    pfcp::session_modification_response r;
    r.cause_.value_ = pfcp::cause_value::request_accepted;
    co_return r;
  }
  runtime::task<n4_result<pfcp::session_deletion_response>> remove(seid) override {
    pfcp::session_deletion_response r;
    r.cause_.value_ = pfcp::cause_value::request_accepted;
    co_return r;
  }
  pfcp::ipv4_address cp_address() const override { return {127, 0, 0, 2}; }

 private:
  std::uint64_t next_ = 0;
};

/// The UPF's data path as far as N4 sees it: a real session table, answered at once.
class table_installer final : public upf::async_session_installer {
 public:
  void establish_async(upf::session_rules rules, establish_completion done) override {
    auto s = table_.establish(std::move(rules), clock::time_point{});
    if (s)
      done({});
    else
      done(std::unexpected(s.error()));
  }
  void modify_async(upf::session_rules rules, upf::modify_options, modify_completion done) override {
    auto s = table_.modify(std::move(rules), clock::time_point{});
    if (s)
      done(std::vector<upf::urr_usage>{});
    else
      done(std::unexpected(s.error()));
  }
  void remove_async(seid id, remove_completion done) override {
    if (table_.remove(id))
      done(std::vector<upf::urr_usage>{});
    else
      done(std::nullopt);
  }
  upf::session_table table_{};
};

sbi::bytes establishment_request(std::uint8_t psi) {
  nas::pdu_session_establishment_request r;
  r.integrity_protection_maximum_data_rate_ = {0xff, 0xff};
  r.pdu_session_type_ = nas::pdu_session_type{nas::pdu_session_type_value::ipv4};
  nas::extended_pco e;
  e.containers_.push_back({nas::pco_id::dns_server_ipv4_address, {}});
  r.extended_protocol_configuration_options_ = e;
  return *nas::encode_nas(psi, 1, r);
}

sm_context_create_data create_data(const model::supi& supi, const sbi::bytes& n1) {
  sm_context_create_data d;
  d.supi_ = supi;
  d.pdu_session_id_ = model::pdu_session_id::from(1);
  d.dnn_ = "internet";
  d.s_nssai_ = model::s_nssai{1, std::nullopt};
  d.n1_sm_msg_ = n1;
  return d;
}

template <class T>
std::optional<T> run_now(runtime::task<T> t) {
  std::optional<T> out;
  runtime::spawn(std::move(t), [&out](std::expected<T, runtime::runtime_error> r) {
    if (r) out.emplace(std::move(*r));
  });
  return out;
}

/// SUPIs of distinct UEs (each with PDU session 1).
model::supi supi_for(std::uint64_t n) { return *model::supi::parse("imsi-00101" + std::to_string(1'000'000'000ULL + n)); }

void bm_smf_establish_release(benchmark::State& state) {
  quiet();
  manual_clock clk;
  runtime::timer_service timers(clk);
  instant_amf amf;
  instant_n4 n4;
  session_management_function smf(smf_config{}, smf_services{amf, nullptr, nullptr}, n4, timers);
  const sbi::bytes n1 = establishment_request(1);
  std::uint64_t n = 0;
  for (auto _ : state) {
    auto created = run_now(smf.create_sm_context(create_data(supi_for(n++), n1)));
    timers.run_due();
    if (!created || !*created) {
      state.SkipWithError("establishment failed");
      break;
    }
    auto released = run_now(smf.release_sm_context((*created)->sm_context_ref_, {}));
    benchmark::DoNotOptimize(released);
  }
  state.SetItemsProcessed(state.iterations());
  if (amf.transfers != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("an accept was not sent");
}
BENCHMARK(bm_smf_establish_release);

void bm_smf_establish_release_over_pfcp(benchmark::State& state) {
  quiet();
  using namespace std::chrono_literals;
  asio::io_context io;
  system_clock_source clk;
  runtime::timer_service timers(clk, io);
  table_installer installer;
  upf::n4_config ucfg;
  ucfg.bind_address_ = {127, 0, 0, 1};
  ucfg.port_ = 0;
  auto upf = upf::n4_server::create(io, ucfg, installer, clk);
  if (!upf) {
    state.SkipWithError(upf.error().c_str());
    return;
  }
  auto client = n4_peer::client::create(io, n4_peer::client_config{}, &clk);
  if (!client) {
    state.SkipWithError(client.error().c_str());
    return;
  }
  const auto e = (*upf)->local_endpoint();
  auto port = make_n4_client_port(**client, timers, {n4_peer::endpoint{e.address_, e.port_}, 5s});
  instant_amf amf;
  session_management_function smf(smf_config{}, smf_services{amf, nullptr, nullptr}, *port, timers);
  const sbi::bytes n1 = establishment_request(1);
  std::uint64_t n = 0;
  for (auto _ : state) {
    const std::uint64_t before = amf.transfers;
    auto created = run_now(smf.create_sm_context(create_data(supi_for(n++), n1)));
    if (!created || !*created ||
        !n4_peer::run_until(io, [&] { return amf.transfers > before; }, 5s)) {
      state.SkipWithError("establishment failed");
      break;
    }
    std::optional<sbi::result<sm_context_released_data>> released;
    runtime::spawn(smf.release_sm_context((*created)->sm_context_ref_, {}),
                   [&released](std::expected<sbi::result<sm_context_released_data>, runtime::runtime_error> r) {
                     if (r) released.emplace(std::move(*r));
                   });
    if (!n4_peer::run_until(io, [&] { return released.has_value(); }, 5s)) {
      state.SkipWithError("release failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (installer.table_.size() != 0) state.SkipWithError("sessions left on the UPF");
  (*client)->stop();
  (*upf)->stop();
}
BENCHMARK(bm_smf_establish_release_over_pfcp)->UseRealTime();

void bm_smf_memory_per_session(benchmark::State& state) {
  quiet();
  const auto sessions = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) {
    manual_clock clk;
    runtime::timer_service timers(clk);
    instant_amf amf;
    instant_n4 n4;
    smf_config cfg;
    cfg.pools_[0].ipv4_ = ipv4_cidr::parse("10.44.0.0/14");  // room for 100,000 UEs
    session_management_function smf(cfg, smf_services{amf, nullptr, nullptr}, n4, timers);
    const sbi::bytes n1 = establishment_request(1);
    const std::size_t heap_before = ::mallinfo2().uordblks;
    for (std::uint64_t i = 0; i < sessions; ++i) {
      auto created = run_now(smf.create_sm_context(create_data(supi_for(i), n1)));
      if (!created || !*created) {
        state.SkipWithError("establishment failed");
        return;
      }
    }
    timers.run_due();
    const std::size_t heap_after = ::mallinfo2().uordblks;
    if (smf.context_count() != sessions || amf.transfers != sessions) state.SkipWithError("not every session is up");
    state.counters["bytes_per_session"] =
        static_cast<double>(heap_after - heap_before) / static_cast<double>(sessions);
    state.counters["sessions"] = static_cast<double>(sessions);
  }
}
BENCHMARK(bm_smf_memory_per_session)->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
