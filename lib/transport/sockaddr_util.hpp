#pragma once
// sockaddr <-> sctp_endpoint, shared by both backends (both speak BSD sockaddrs).

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <optional>

#include "meridian/transport/sctp_association.hpp"

namespace meridian::transport::detail {

struct sockaddr_buffer {
  sockaddr_storage storage{};
  socklen_t length = 0;
  sockaddr* get() noexcept { return reinterpret_cast<sockaddr*>(&storage); }
  const sockaddr* get() const noexcept { return reinterpret_cast<const sockaddr*>(&storage); }
};

inline sockaddr_buffer to_sockaddr(const sctp_endpoint& e) {
  sockaddr_buffer b;
  if (e.address.is_v6()) {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(e.port);
    const auto bytes = e.address.to_v6().to_bytes();
    std::memcpy(&sin6.sin6_addr, bytes.data(), bytes.size());
    sin6.sin6_scope_id = e.address.to_v6().scope_id();
    std::memcpy(&b.storage, &sin6, sizeof sin6);
    b.length = sizeof sin6;
  } else {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(e.port);
    const auto bytes = e.address.to_v4().to_bytes();
    std::memcpy(&sin.sin_addr, bytes.data(), bytes.size());
    std::memcpy(&b.storage, &sin, sizeof sin);
    b.length = sizeof sin;
  }
  return b;
}

/// The endpoint in `sa`, or nullopt for a family other than IPv4/IPv6.
inline std::optional<sctp_endpoint> from_sockaddr(const sockaddr* sa) {
  if (sa == nullptr) return std::nullopt;
  if (sa->sa_family == AF_INET) {
    sockaddr_in sin;
    std::memcpy(&sin, sa, sizeof sin);
    asio::ip::address_v4::bytes_type bytes;
    std::memcpy(bytes.data(), &sin.sin_addr, bytes.size());
    return sctp_endpoint{asio::ip::address_v4(bytes), ntohs(sin.sin_port)};
  }
  if (sa->sa_family == AF_INET6) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, sa, sizeof sin6);
    asio::ip::address_v6::bytes_type bytes;
    std::memcpy(bytes.data(), &sin6.sin6_addr, bytes.size());
    return sctp_endpoint{asio::ip::address_v6(bytes, sin6.sin6_scope_id), ntohs(sin6.sin6_port)};
  }
  return std::nullopt;
}

}  // namespace meridian::transport::detail
