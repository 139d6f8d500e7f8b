#include "meridian/subscriber_admin/subscriber_options.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "field_parsers.hpp"
#include "text_util.hpp"

namespace meridian::subscriber_admin {

namespace {

// "--option: reason"
std::unexpected<std::string> bad(std::string_view option, const std::string& reason) {
  return std::unexpected(fmt::format("{}: {}", option, reason));
}

bool is_ipv6(std::string_view address) { return address.find(':') != std::string_view::npos; }

}  // namespace

bool subscriber_options::empty() const {
  return !auth_method_ && !amf_ && !sqn_ && !ind_length_ && default_nssai_.empty() && nssai_.empty() && dnn_.empty() &&
         static_ip_.empty() && !ue_ambr_uplink_ && !ue_ambr_downlink_ && rat_restriction_.empty() &&
         !no_rat_restrictions_;
}

std::expected<model::supi, std::string> parse_supi_argument(const std::string& text) {
  auto s = field::supi(text);
  if (!s) return bad("--supi", s.error());
  return *s;
}

std::expected<void, std::string> apply_options(udr::subscriber& s, const subscriber_options& o,
                                               const subscriber_defaults& d) {
  if (o.auth_method_) {
    auto v = field::auth_method(*o.auth_method_);
    if (!v) return bad("--auth-method", v.error());
    s.auth_method_ = *v;
  }
  if (o.amf_) {
    auto v = field::amf(*o.amf_);
    if (!v) return bad("--amf", v.error());
    s.amf_ = *v;
  }
  if (o.ind_length_) {
    auto v = field::number(*o.ind_length_, udr::ind_length_max);
    if (!v) return bad("--ind-length", v.error());
    s.sqn_.ind_length_ = *v;
  }
  if (o.sqn_) {
    auto v = field::sqn(*o.sqn_);
    if (!v) return bad("--sqn", v.error());
    s.sqn_.sqn_ = *v;
  }
  if (!o.default_nssai_.empty() || !o.nssai_.empty()) {
    std::vector<udr::subscribed_snssai> nssai;
    for (const auto* list : {&o.default_nssai_, &o.nssai_}) {
      for (const auto& text : *list) {
        auto n = field::snssai(text);
        if (!n) return bad(list == &o.default_nssai_ ? "--default-nssai" : "--nssai", n.error());
        nssai.push_back({.snssai_ = *n, .default_ = list == &o.default_nssai_});
      }
    }
    s.nssai_ = std::move(nssai);
    // Sessions on a slice no longer subscribed follow to the first default one.
    const auto first_default =
        std::find_if(s.nssai_.begin(), s.nssai_.end(), [](const auto& n) { return n.default_; });
    if (first_default != s.nssai_.end())
      for (auto& c : s.sessions_)
        if (std::none_of(s.nssai_.begin(), s.nssai_.end(), [&](const auto& n) { return n.snssai_ == c.snssai_; }))
          c.snssai_ = first_default->snssai_;
  }
  if (!o.dnn_.empty()) {
    const auto first_default =
        std::find_if(s.nssai_.begin(), s.nssai_.end(), [](const auto& n) { return n.default_; });
    if (first_default == s.nssai_.end()) return bad("--dnn", "the subscriber has no default S-NSSAI to put it on");
    s.sessions_.clear();
    for (std::size_t i = 0; i < o.dnn_.size(); ++i)
      s.sessions_.push_back(default_session(first_default->snssai_, o.dnn_[i], i == 0, d));
  }
  for (const auto& text : o.static_ip_) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) return bad("--static-ip", fmt::format("'{}' is not DNN=ADDRESS", text::printable(text)));
    const std::string dnn = text.substr(0, eq);
    const std::string address = text.substr(eq + 1);
    auto it = std::find_if(s.sessions_.begin(), s.sessions_.end(), [&](const auto& c) { return c.dnn_ == dnn; });
    if (it == s.sessions_.end())
      return bad("--static-ip", fmt::format("the subscriber has no session for DNN '{}'", text::printable(dnn)));
    (is_ipv6(address) ? it->static_ipv6_ : it->static_ipv4_) = address;
  }
  if (o.ue_ambr_uplink_) {
    auto v = field::bit_rate(*o.ue_ambr_uplink_);
    if (!v) return bad("--ue-ambr-uplink", v.error());
    s.ue_ambr_.uplink_ = *v;
  }
  if (o.ue_ambr_downlink_) {
    auto v = field::bit_rate(*o.ue_ambr_downlink_);
    if (!v) return bad("--ue-ambr-downlink", v.error());
    s.ue_ambr_.downlink_ = *v;
  }
  if (o.no_rat_restrictions_) s.rat_restrictions_.clear();
  if (!o.rat_restriction_.empty()) {
    s.rat_restrictions_.clear();
    for (const auto& text : o.rat_restriction_) {
      auto v = field::enumerator<sbi::rat_type>(text);
      if (!v) return bad("--rat-restriction", v.error());
      s.rat_restrictions_.push_back(*v);
    }
  }
  if (auto problem = udr::validate(s)) return std::unexpected(*problem);
  return {};
}

}  // namespace meridian::subscriber_admin
