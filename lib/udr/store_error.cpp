#include <fmt/format.h>

#include "meridian/udr/subscriber_store.hpp"

namespace meridian::udr {

std::string store_error::message() const {
  std::string_view what;
  switch (code_) {
    case store_errc::not_found: what = "not found"; break;
    case store_errc::duplicate: what = "duplicate"; break;
    case store_errc::invalid: what = "invalid"; break;
    case store_errc::busy: what = "busy"; break;
    case store_errc::io: what = "I/O error"; break;
    case store_errc::not_a_database: what = "not a subscriber store"; break;
    case store_errc::schema_too_new: what = "schema too new"; break;
  }
  return detail_.empty() ? std::string(what) : fmt::format("{}: {}", what, detail_);
}

}  // namespace meridian::udr
