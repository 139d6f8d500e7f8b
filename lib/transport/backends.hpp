#pragma once
// The two backends behind make_sctp_server() / sctp_client::connect().

#include <memory>
#include <optional>

#include <asio/io_context.hpp>

#include "meridian/transport/sctp.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

namespace meridian::transport::detail {

struct connect_request {
  sctp_endpoint remote;
  std::optional<sctp_endpoint> local;
  std::shared_ptr<sctp_pcap_mirror> mirror;
};

sctp_result<std::unique_ptr<sctp_server>> usrsctp_listen(asio::io_context& io, const sctp_config& cfg,
                                                         const sctp_endpoint& local,
                                                         sctp_association_notifier& notifier);
sctp_result<std::shared_ptr<sctp_association>> usrsctp_connect(asio::io_context& io, const sctp_config& cfg,
                                                               const connect_request& req,
                                                               sctp_association_notifier& notifier);

sctp_result<std::unique_ptr<sctp_server>> kernel_listen(asio::io_context& io, const sctp_config& cfg,
                                                        const sctp_endpoint& local,
                                                        sctp_association_notifier& notifier);
sctp_result<std::shared_ptr<sctp_association>> kernel_connect(asio::io_context& io, const sctp_config& cfg,
                                                              const connect_request& req,
                                                              sctp_association_notifier& notifier);

}  // namespace meridian::transport::detail
