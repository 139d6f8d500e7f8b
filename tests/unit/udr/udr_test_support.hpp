#pragma once
// Helpers shared by the udr tests: a private temporary directory, a complete
// subscriber (TS 35.208 test set 1 credentials), and an event loop that runs
// the repository's answers, bounded in time.

#include <stdlib.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "meridian/common/hex.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/udr/data_repository.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::udr::test {

/// A fresh directory under the system's temporary directory, removed at the end.
class temp_dir {
 public:
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "meridian_udr_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline crypto::key128 key_of(const char* hex_text) {
  auto bytes = from_hex(hex_text);
  return *crypto::key128::from(*bytes);
}

inline model::supi supi_of(const std::string& text) { return *model::supi::parse(text); }

/// TS 35.208 test set 1: K, OP and the OPc derived from them.
inline constexpr const char* k_set1 = "465b5ce8b199b49faa5f0a2ee238a6bc";
inline constexpr const char* op_set1 = "cdc202d5123e20f62b6d676ac72cb318";
inline constexpr const char* opc_set1 = "cd63cb71954a9f4e48a5994e37a02baf";

/// A subscriber with every field set away from its default.
inline subscriber full_subscriber(const std::string& supi = "imsi-001010000000001") {
  subscriber s{.supi_ = supi_of(supi)};
  s.k_ = key_of(k_set1);
  s.op_ = key_of(opc_set1);
  s.op_kind_ = op_kind::opc;
  s.amf_ = {0x90, 0x01};
  s.sqn_ = sqn_state{.sqn_ = 0x20, .ind_length_ = 5, .scheme_ = sqn_scheme::non_time_based,
                     .last_indexes_ = {{"ausf", 3}}, .dif_sign_ = std::nullopt};
  s.auth_method_ = auth_method::eap_aka_prime;
  const auto embb = *model::s_nssai::parse("1");
  const auto urllc = *model::s_nssai::parse("2/0a0b0c");
  s.nssai_ = {{.snssai_ = embb, .default_ = true}, {.snssai_ = urllc, .default_ = false}};
  session_config internet;
  internet.snssai_ = embb;
  internet.dnn_ = "internet";
  internet.default_dnn_ = true;
  internet.default_pdu_session_type_ = sbi::pdu_session_type::ipv4v6;
  internet.allowed_pdu_session_types_ = {sbi::pdu_session_type::ipv4, sbi::pdu_session_type::ipv4v6};
  internet.default_ssc_mode_ = sbi::ssc_mode::ssc_mode_1;
  internet.allowed_ssc_modes_ = {sbi::ssc_mode::ssc_mode_1, sbi::ssc_mode::ssc_mode_3};
  internet.qos_5qi_ = 8;
  internet.arp_ = {.priority_level_ = 3, .preempt_cap_ = sbi::preemption_capability::may_preempt,
                   .preempt_vuln_ = sbi::preemption_vulnerability::not_preemptable};
  internet.session_ambr_ = {.uplink_ = "200 Mbps", .downlink_ = "1.5 Gbps"};
  internet.static_ipv4_ = "10.45.0.7";
  internet.static_ipv6_ = "2001:db8:1::/64";
  session_config ims;
  ims.snssai_ = urllc;
  ims.dnn_ = "ims";
  ims.qos_5qi_ = 5;
  s.sessions_ = {internet, ims};
  s.ue_ambr_ = {.uplink_ = "500 Mbps", .downlink_ = "2 Gbps"};
  s.rat_restrictions_ = {sbi::rat_type::eutra, sbi::rat_type::wlan};
  return s;
}

/// A small subscriber: one default S-NSSAI, one DNN, defaults elsewhere.
inline subscriber plain_subscriber(const std::string& supi) {
  subscriber s{.supi_ = supi_of(supi)};
  s.k_ = key_of(k_set1);
  s.op_ = key_of(opc_set1);
  s.nssai_ = {{.snssai_ = *model::s_nssai::parse("1"), .default_ = true}};
  session_config c;
  c.snssai_ = *model::s_nssai::parse("1");
  c.dnn_ = "internet";
  c.default_dnn_ = true;
  s.sessions_ = {c};
  return s;
}

/// An io_context whose post() the repository answers through.
struct loop {
  asio::io_context io;
  // Keeps run_for() waiting for answers posted from the committer thread.
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  executor post() {
    return [this](std::function<void()> f) { asio::post(io, std::move(f)); };
  }
  /// Runs the loop until `done()` or 10 s, whichever first.
  template <class Pred>
  bool run_until(Pred done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_for(std::chrono::milliseconds(5));
    }
    return done();
  }
};

/// Where a spawned task leaves its value.
template <class T>
struct outcome {
  std::optional<T> value;
  auto sink() {
    return [this](std::expected<T, runtime::runtime_error> r) {
      if (r) value.emplace(std::move(*r));
    };
  }
  bool done() const { return value.has_value(); }
};

}  // namespace meridian::udr::test
