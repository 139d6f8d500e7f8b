#pragma once
// Why a network function could not be built: which part failed, and the
// message (it names the file, address or device). Start-up only.

#include <cstdint>
#include <string>

namespace meridian::core {

struct node_error {
  enum class kind : std::uint8_t {
    capture,  ///< the --pcap file could not be created
    listen,   ///< a server socket could not be bound or a peer address is unusable
    store,    ///< the subscriber store could not be opened or read
  };
  kind kind_ = kind::listen;
  std::string message_{};
};

}  // namespace meridian::core
