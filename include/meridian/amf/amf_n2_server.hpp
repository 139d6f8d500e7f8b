#pragma once
// The AMF's N2 endpoint: an SCTP server whose associations feed amf_n2, all on
// one io_context. NGAP goes on PPID 60; non-UE-associated signalling on stream 0.

#include <map>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/common/clock.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/transport/sctp.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

namespace meridian::amf {

class amf_n2_server final : private transport::sctp_association_notifier, private amf_n2_notifier {
 public:
  /// Listens on cfg.ngap_address:cfg.ngap_port. `mirror`, when given, receives every N2 message.
  static transport::sctp_result<std::unique_ptr<amf_n2_server>> start(
      asio::io_context& io, amf_config cfg, const transport::sctp_config& sctp,
      std::shared_ptr<transport::sctp_pcap_mirror> mirror = nullptr);
  ~amf_n2_server() override;

  amf_n2& procedures() noexcept { return n2_; }
  /// The timers the procedures run on (the NAS layer above uses them too).
  runtime::timer_service& timers() noexcept { return timers_; }
  const amf_n2& procedures() const noexcept { return n2_; }
  transport::sctp_endpoint local_endpoint() const { return server_->local_endpoint(); }
  std::size_t association_count() const noexcept { return associations_.size(); }
  /// The associations whose gNB completed NG Setup.
  std::vector<gnb_association_id> set_up_gnbs() const;
  /// Closes every association gracefully and stops listening.
  void close();

 private:
  amf_n2_server(asio::io_context& io, amf_config cfg)
      : io_(io), timers_(clock_, io), n2_(std::move(cfg), *this, timers_), status_timer_(io) {}

  /// Every log rate-limit window: the "N more like this" summaries of bursts that stopped.
  void arm_status_timer();

  void on_association_up(const std::shared_ptr<transport::sctp_association>& a) override;
  void on_message(transport::sctp_association& a, const transport::sctp_message& m) override;
  void on_association_down(transport::sctp_association& a, transport::sctp_down_reason why) override;
  void on_association_restart(transport::sctp_association& a) override;
  void send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) override;
  void send_ue_ngap(gnb_association_id to, std::uint16_t stream, std::span<const std::uint8_t> pdu) override;
  void release_association(gnb_association_id a) override;

  asio::io_context& io_;
  system_clock_source clock_;
  /// The procedures' timers, fired from io_ (declared before n2_, which uses it).
  runtime::timer_service timers_;
  amf_n2 n2_;
  std::unique_ptr<transport::sctp_server> server_;
  std::map<gnb_association_id, std::shared_ptr<transport::sctp_association>> associations_;
  asio::steady_timer status_timer_;
  bool closed_ = false;
};

}  // namespace meridian::amf
