#pragma once
// The gNB's N2 runtime: for each gNB instance (gnb_config::count) and each
// configured AMF, one SCTP association and one gnb_n2, on one io_context and
// one SCTP stack. Reconnects with back-off when an association is lost.

#include <cstddef>
#include <map>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/gnb/gnb_n2.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/transport/sctp.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

namespace meridian::gnb {

class gnb_n2_client final : private transport::sctp_association_notifier {
 public:
  /// Starts connecting at once. Fails only for unusable addresses.
  static transport::sctp_result<std::unique_ptr<gnb_n2_client>> start(
      asio::io_context& io, gnb_config cfg, const transport::sctp_config& sctp,
      std::shared_ptr<transport::sctp_pcap_mirror> mirror = nullptr);
  ~gnb_n2_client() override;

  /// One per (instance, AMF): instance-major order.
  std::size_t link_count() const noexcept { return links_.size(); }
  gnb_n2& link(std::size_t i);
  /// Links whose NG Setup is complete.
  std::size_t ready_count() const noexcept { return ready_; }
  /// Closes every association gracefully; nothing reconnects afterwards.
  void close();

 private:
  struct n2_link;
  gnb_n2_client(asio::io_context& io, const transport::sctp_config& sctp)
      : io_(io), timers_(clock_, io), client_(io, sctp, *this), status_timer_(io) {}

  /// Every log rate-limit window: the "N more like this" summaries of bursts that stopped.
  void arm_status_timer();

  void connect(n2_link& l);
  void on_ready_changed(bool ready);

  void on_association_up(const std::shared_ptr<transport::sctp_association>& a) override;
  void on_message(transport::sctp_association& a, const transport::sctp_message& m) override;
  void on_association_down(transport::sctp_association& a, transport::sctp_down_reason why) override;
  void on_association_restart(transport::sctp_association& a) override;

  asio::io_context& io_;
  system_clock_source clock_;
  /// The procedures' timers, fired from io_ (declared before the links, which use it).
  runtime::timer_service timers_;
  transport::sctp_client client_;
  std::optional<transport::sctp_endpoint> local_;
  std::vector<std::shared_ptr<n2_link>> links_;
  std::map<std::uint64_t, n2_link*> by_association_;
  std::size_t ready_ = 0;
  asio::steady_timer status_timer_;
  bool closed_ = false;
};

}  // namespace meridian::gnb
