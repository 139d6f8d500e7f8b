#include "meridian/subscriber_admin/subscriber_set.hpp"

#include <fmt/format.h>

namespace meridian::subscriber_admin {

std::expected<udr::subscriber, set_error> set_subscriber(udr::subscriber_store& store, const model::supi& supi,
                                                         const std::optional<subscriber_keys>& keys,
                                                         const subscriber_options& options,
                                                         const subscriber_defaults& defaults) {
  auto found = store.find(supi);
  if (!found) return std::unexpected(set_error(std::move(found.error())));
  if (!*found) return std::unexpected(set_error(fmt::format("no subscriber {}", supi.to_string())));
  udr::subscriber s = std::move(**found);
  if (keys) {
    s.k_ = keys->k_;
    s.op_ = keys->op_;
    s.op_kind_ = keys->op_kind_;
  }
  if (auto r = apply_options(s, options, defaults); !r) return std::unexpected(set_error(std::move(r.error())));
  // The SQN read above may be stale by now (a UDR hands out vectors from the
  // same store): only an SQN the operator typed is written.
  const auto sqn = options.sqn_ ? udr::sqn_write::replace : udr::sqn_write::keep;
  if (auto r = store.replace(s, sqn); !r) return std::unexpected(set_error(std::move(r.error())));
  return s;
}

}  // namespace meridian::subscriber_admin
