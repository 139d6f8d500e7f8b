#pragma once
// What every backend's association shares: the bounded send queue with its
// back-pressure, counters, the pcap mirror, the state machine seen by the
// notifier (up once, down once, nothing after close()). A backend supplies only
// "give this message to the stack now" and "release the socket", and reports
// what the stack tells it through the handle_*() calls, all on the io_context.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>
#include <asio/io_context.hpp>

#include "meridian/transport/sctp_association.hpp"
#include "meridian/transport/sctp_config.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

namespace meridian::transport::detail {

class association_base : public sctp_association, public std::enable_shared_from_this<association_base> {
 public:
  association_base(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier,
                   std::string_view backend_name, std::shared_ptr<sctp_pcap_mirror> mirror);
  ~association_base() override;

  sctp_result<void> send(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes) final;
  void close() final;
  void abort() final;

  sctp_state state() const noexcept final { return state_; }
  std::uint64_t id() const noexcept final { return id_; }
  sctp_endpoint local_endpoint() const override { return local_; }
  sctp_endpoint remote_endpoint() const override { return remote_; }
  std::uint16_t outbound_streams() const noexcept final { return out_streams_; }
  std::uint16_t inbound_streams() const noexcept final { return in_streams_; }
  std::size_t queued_messages() const noexcept final { return queue_.size(); }
  std::size_t queued_bytes() const noexcept final { return queued_bytes_; }
  const sctp_counters& counters() const noexcept final { return counters_; }
  std::string_view backend_name() const noexcept final { return backend_name_; }
  void set_pcap_mirror(std::shared_ptr<sctp_pcap_mirror> mirror) final { mirror_ = std::move(mirror); }

  /// The server's bookkeeping: called once when the association ends (down or close()).
  void set_end_hook(std::function<void(association_base&)> hook) { end_hook_ = std::move(hook); }

 protected:
  enum class push_status : std::uint8_t { sent, would_block, failed };

  /// Hands one whole message to the stack without blocking; on failed, `err` is errno.
  virtual push_status push_to_stack(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes,
                                    int& err) = 0;
  /// Closes the socket: gracefully, or with ABORT. Called once.
  virtual void release_stack(bool graceful) = 0;
  /// The queue has data the stack refused: ask to be told (handle_send_space) when it has room.
  virtual void want_send_space() = 0;

  // Reports from the backend, on the io_context.
  void handle_up(std::uint16_t out_streams, std::uint16_t in_streams);
  void handle_restart(std::uint16_t out_streams, std::uint16_t in_streams);
  void handle_peer_shutdown();
  void handle_down(sctp_down_reason why);
  /// `tsn`/`ssn` as the stack reported them (for the pcap mirror), 0 when unknown.
  void handle_message(std::uint16_t stream, std::uint32_t ppid, std::uint32_t tsn, std::uint16_t ssn,
                      std::span<const std::uint8_t> bytes);
  void handle_send_space();
  void count_notification(bool malformed) noexcept;
  void count_send_failure() noexcept { ++counters_.send_errors; }
  void count_reassembled() noexcept { ++counters_.messages_reassembled; }

  bool ended() const noexcept { return state_ == sctp_state::down; }

  asio::io_context& io_;
  const sctp_config cfg_;
  std::shared_ptr<spdlog::logger> log_;
  sctp_endpoint local_;
  sctp_endpoint remote_;

 private:
  struct queued_message {
    std::uint16_t stream;
    std::uint32_t ppid;
    std::vector<std::uint8_t> bytes;
  };

  void mirror(sctp_direction dir, std::uint16_t stream, std::uint32_t ppid, std::uint32_t tsn, std::uint16_t ssn,
              std::span<const std::uint8_t> bytes);
  void account_sent(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes);
  void drain_queue();
  void end(bool graceful);

  sctp_association_notifier& notifier_;
  std::string_view backend_name_;
  std::shared_ptr<sctp_pcap_mirror> mirror_;
  std::function<void(association_base&)> end_hook_;
  std::uint64_t id_;
  sctp_state state_ = sctp_state::connecting;
  bool stack_released_ = false;
  bool told_would_block_ = false;
  std::uint16_t out_streams_ = 0;
  std::uint16_t in_streams_ = 0;
  std::deque<queued_message> queue_;
  std::size_t queued_bytes_ = 0;
  sctp_counters counters_;
  // Mirror bookkeeping: the stack does not tell us the TSN and SSN of what we
  // send, so the capture numbers sent DATA itself.
  std::uint32_t mirror_tsn_ = 1;
  std::vector<std::uint16_t> mirror_ssn_;
};

}  // namespace meridian::transport::detail
