// Backend selection: the one place that knows both backends exist.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "backends.hpp"
#include "meridian/common/log.hpp"
#include "meridian/transport/sctp.hpp"

namespace meridian::transport {

bool kernel_sctp_available() noexcept {
  const int fd = ::socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

sctp_backend_kind resolve_sctp_backend(const sctp_config& cfg) {
  if (cfg.backend != sctp_backend_kind::automatic) return cfg.backend;
  // Every connect resolves again (the kernel module may be loaded meanwhile),
  // but the choice is logged at info only the first time it is made.
  static std::atomic<unsigned> announced{0};
  auto say = [](unsigned bit, std::string_view text) {
    const bool first = (announced.fetch_or(bit) & bit) == 0;
    log::get("transport.sctp")->log(first ? spdlog::level::info : spdlog::level::debug, "SCTP backend auto: {}", text);
  };
  if (cfg.encapsulation == sctp_encapsulation::udp) {
    say(1u, "usrsctp (UDP encapsulation asked for)");
    return sctp_backend_kind::usrsctp;
  }
  if (kernel_sctp_available()) {
    say(2u, "kernel SCTP");
    return sctp_backend_kind::kernel;
  }
  const int err = errno;
  say(4u, fmt::format("usrsctp over raw IP (this kernel cannot create SCTP sockets: {})", std::strerror(err)));
  return sctp_backend_kind::usrsctp;
}

sctp_result<std::unique_ptr<sctp_server>> make_sctp_server(asio::io_context& io, const sctp_config& cfg,
                                                           const sctp_endpoint& local,
                                                           sctp_association_notifier& notifier) {
  if (resolve_sctp_backend(cfg) == sctp_backend_kind::kernel) return detail::kernel_listen(io, cfg, local, notifier);
  return detail::usrsctp_listen(io, cfg, local, notifier);
}

sctp_result<std::shared_ptr<sctp_association>> sctp_client::connect(const sctp_endpoint& remote,
                                                                    const std::optional<sctp_endpoint>& local) {
  const detail::connect_request req{remote, local, mirror_};
  if (resolve_sctp_backend(cfg_) == sctp_backend_kind::kernel) return detail::kernel_connect(io_, cfg_, req, notifier_);
  return detail::usrsctp_connect(io_, cfg_, req, notifier_);
}

}  // namespace meridian::transport
