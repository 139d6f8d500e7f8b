#pragma once
// Entry points of the SCTP layer: a server that accepts associations and a
// client that starts them. The backend (kernel or usrsctp) is chosen from
// sctp_config; the rest of the code never sees which one runs.

#include <memory>
#include <optional>
#include <utility>

#include <asio/io_context.hpp>

#include "meridian/transport/sctp_association.hpp"
#include "meridian/transport/sctp_config.hpp"
#include "meridian/transport/sctp_error.hpp"

namespace meridian::transport {

/// True when this kernel can create an SCTP socket (the module may be absent,
/// blacklisted or forbidden by seccomp in a container).
bool kernel_sctp_available() noexcept;

/// The backend `cfg` resolves to on this machine: `automatic` becomes kernel
/// when kernel_sctp_available() and encapsulation is none, usrsctp otherwise.
/// Logs the choice on "transport.sctp".
sctp_backend_kind resolve_sctp_backend(const sctp_config& cfg);

class sctp_server {
 public:
  virtual ~sctp_server() = default;
  /// The bound address (with the port the stack chose if 0 was asked).
  virtual sctp_endpoint local_endpoint() const = 0;
  /// Associations currently up or starting.
  virtual std::size_t association_count() const noexcept = 0;
  /// Stops listening and closes (gracefully) every association it accepted.
  virtual void close() = 0;
  virtual void set_pcap_mirror(std::shared_ptr<sctp_pcap_mirror> mirror) = 0;
};

/// Listens on `local`. New associations are announced through
/// notifier.on_association_up(); everything runs on `io`.
sctp_result<std::unique_ptr<sctp_server>> make_sctp_server(asio::io_context& io, const sctp_config& cfg,
                                                           const sctp_endpoint& local,
                                                           sctp_association_notifier& notifier);

/// Starts associations (the gNB side of N2).
class sctp_client {
 public:
  sctp_client(asio::io_context& io, sctp_config cfg, sctp_association_notifier& notifier)
      : io_(io), cfg_(std::move(cfg)), notifier_(notifier) {}

  /// Starts an association to `remote`, bound to `local` when given. The
  /// returned association is `connecting`; up or down (cannot_start) follows
  /// through the notifier.
  sctp_result<std::shared_ptr<sctp_association>> connect(const sctp_endpoint& remote,
                                                         const std::optional<sctp_endpoint>& local = std::nullopt);

  void set_pcap_mirror(std::shared_ptr<sctp_pcap_mirror> mirror) { mirror_ = std::move(mirror); }
  const sctp_config& config() const noexcept { return cfg_; }

 private:
  asio::io_context& io_;
  sctp_config cfg_;
  sctp_association_notifier& notifier_;
  std::shared_ptr<sctp_pcap_mirror> mirror_;
};

}  // namespace meridian::transport
