// The protocol IE containers shared by the 3GPP RAN application protocols.
// ProtocolIE-Field ::= SEQUENCE { id INTEGER (0..65535), criticality
// ENUMERATED {reject, ignore, notify}, value open type } — not extensible, so
// each field is: id (two aligned octets), criticality (two bits), open type.

#include "meridian/asn1/protocol_ie.hpp"

#include <algorithm>

namespace meridian::asn1 {

namespace {

void put_header(aper_writer& w, std::uint16_t id, ie_criticality c) {
  w.put_constrained(id, 0, 65535, "ProtocolIE-ID");
  w.put_constrained(static_cast<std::uint64_t>(c), 0, 2, "Criticality");
}

bool get_header(aper_reader& r, std::uint16_t& id, ie_criticality& c, std::string_view what) {
  std::uint64_t x = 0;
  if (!r.get_constrained(x, 0, 65535, what)) return false;
  id = static_cast<std::uint16_t>(x);
  if (!r.get_constrained(x, 0, 2, what)) return false;
  c = static_cast<ie_criticality>(x);
  return true;
}

void put_raw(aper_writer& w, const raw_ie& ie) {
  put_header(w, ie.id_, ie.criticality_);
  w.put_open_octets(ie.value_);
}

void put_typed(aper_writer& w, const ie_set_table& t, std::size_t i, ie_criticality c, const void* object) {
  put_header(w, t.specs[i].id, c);
  const std::size_t mark = w.open_begin();
  t.encode(w, object, i);
  w.open_end(mark);
}

// Emits the present IEs: first in the order recorded on decode (with the
// criticality seen then), then whatever that order did not cover, in the
// order of the object set.
void put_fields(aper_writer& w, const ie_set_table& t, const bool* present, const ie_extras& extras,
                const void* object) {
  const std::size_t n = t.specs.size();
  std::vector<bool> done(n, false);
  std::vector<bool> raw_done(extras.unknown_.size(), false);
  for (const auto& [id, crit] : extras.wire_.order_) {
    bool emitted = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (t.specs[i].id == id && present[i] && !done[i]) {
        put_typed(w, t, i, crit, object);
        done[i] = true;
        emitted = true;
        break;
      }
    }
    if (emitted) continue;
    for (std::size_t k = 0; k < extras.unknown_.size(); ++k) {
      if (!raw_done[k] && extras.unknown_[k].id_ == id) {
        put_raw(w, extras.unknown_[k]);
        raw_done[k] = true;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    if (present[i] && !done[i]) put_typed(w, t, i, t.specs[i].criticality, object);
  for (std::size_t k = 0; k < extras.unknown_.size(); ++k)
    if (!raw_done[k]) put_raw(w, extras.unknown_[k]);
}

// Decodes one field into its typed member, or keeps it raw when the id is not
// in the set or the IE was already seen.
bool get_field(aper_reader& r, const ie_set_table& t, bool* seen, ie_extras& extras, void* object) {
  std::uint16_t id = 0;
  ie_criticality crit = ie_criticality::reject;
  if (!get_header(r, id, crit, t.name)) return false;
  extras.wire_.order_.emplace_back(id, crit);
  const std::size_t n = t.specs.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (t.specs[i].id != id || seen[i]) continue;
    aper_reader inner;
    std::vector<std::uint8_t> storage;
    if (!r.get_open(inner, storage, t.specs[i].name)) return false;
    if (!t.decode(inner, object, i)) return r.adopt(inner);
    seen[i] = true;
    return true;
  }
  raw_ie ie;
  ie.id_ = id;
  ie.criticality_ = crit;
  if (!r.get_open_octets(ie.value_, t.name)) return false;
  extras.unknown_.push_back(std::move(ie));
  return true;
}

}  // namespace

void encode_ie_container(aper_writer& w, const ie_set_table& t, const bool* present, const ie_extras& extras,
                         const void* object) {
  std::size_t count = extras.unknown_.size();
  for (std::size_t i = 0; i < t.specs.size(); ++i) count += present[i] ? 1 : 0;
  w.put_count(count, t.size, t.name);
  put_fields(w, t, present, extras, object);
}

bool decode_ie_container(aper_reader& r, const ie_set_table& t, bool* seen, ie_extras& extras, void* object) {
  std::size_t count = 0;
  if (!r.get_count(count, t.size, t.name)) return false;
  std::fill(seen, seen + t.specs.size(), false);
  extras.unknown_.clear();
  extras.wire_.order_.clear();
  extras.wire_.order_.reserve(count < 64 ? count : 64);
  for (std::size_t k = 0; k < count; ++k)
    if (!get_field(r, t, seen, extras, object)) return false;
  for (std::size_t i = 0; i < t.specs.size(); ++i)
    if (t.specs[i].mandatory && !seen[i]) return r.fail(decode_errc::missing_mandatory_ie, t.specs[i].name);
  return true;
}

void encode_ie_single(aper_writer& w, const ie_set_table& t, const bool* present, const ie_extras& extras,
                      const void* object) {
  for (std::size_t i = 0; i < t.specs.size(); ++i) {
    if (present[i]) {
      ie_criticality c = t.specs[i].criticality;
      for (const auto& [id, crit] : extras.wire_.order_)
        if (id == t.specs[i].id) c = crit;
      put_typed(w, t, i, c, object);
      return;
    }
  }
  if (!extras.unknown_.empty()) {
    put_raw(w, extras.unknown_.front());
    return;
  }
  w.fail(encode_errc::missing_field, t.name);
}

bool decode_ie_single(aper_reader& r, const ie_set_table& t, bool* seen, ie_extras& extras, void* object) {
  std::fill(seen, seen + t.specs.size(), false);
  extras.unknown_.clear();
  extras.wire_.order_.clear();
  return get_field(r, t, seen, extras, object);
}

void encode_unknown_ies(aper_writer& w, const unknown_ies& v, size_range size, std::string_view name) {
  const ie_set_table t{{}, name, size, nullptr, nullptr};
  encode_ie_container(w, t, nullptr, v.extras_, nullptr);
}

bool decode_unknown_ies(aper_reader& r, unknown_ies& v, size_range size, std::string_view name) {
  const ie_set_table t{{}, name, size, nullptr, nullptr};
  return decode_ie_container(r, t, nullptr, v.extras_, nullptr);
}

void encode_unknown_single(aper_writer& w, const unknown_ies& v, std::string_view name) {
  const ie_set_table t{{}, name, unsized(), nullptr, nullptr};
  encode_ie_single(w, t, nullptr, v.extras_, nullptr);
}

bool decode_unknown_single(aper_reader& r, unknown_ies& v, std::string_view name) {
  const ie_set_table t{{}, name, unsized(), nullptr, nullptr};
  return decode_ie_single(r, t, nullptr, v.extras_, nullptr);
}

// PrivateIE-Field ::= SEQUENCE { id PrivateIE-ID, criticality, value }, with
// PrivateIE-ID ::= CHOICE { local INTEGER (0..65535), global OBJECT IDENTIFIER } (not extensible).
void encode_private_ies(aper_writer& w, const private_ies& v, size_range size) {
  w.put_count(v.size(), size, "PrivateIE-Container");
  for (const auto& ie : v) {
    w.put_choice(ie.global_ ? 1 : 0, 2, false);
    if (ie.global_) {
      w.put_oid(ie.global_id_);
    } else {
      w.put_constrained(ie.local_, 0, 65535, "PrivateIE-ID");
    }
    w.put_constrained(static_cast<std::uint64_t>(ie.criticality_), 0, 2, "Criticality");
    w.put_open_octets(ie.value_);
  }
}

bool decode_private_ies(aper_reader& r, private_ies& v, size_range size, std::string_view name) {
  std::size_t count = 0;
  if (!r.get_count(count, size, name)) return false;
  v.clear();
  for (std::size_t k = 0; k < count; ++k) {
    private_ie ie;
    std::uint32_t index = 0;
    bool is_ext = false;
    if (!r.get_choice(index, 2, false, is_ext, name)) return false;
    ie.global_ = index == 1;
    std::uint64_t x = 0;
    if (ie.global_) {
      if (!r.get_oid(ie.global_id_, name)) return false;
    } else {
      if (!r.get_constrained(x, 0, 65535, name)) return false;
      ie.local_ = static_cast<std::uint16_t>(x);
    }
    if (!r.get_constrained(x, 0, 2, name)) return false;
    ie.criticality_ = static_cast<ie_criticality>(x);
    if (!r.get_open_octets(ie.value_, name)) return false;
    v.push_back(std::move(ie));
  }
  return true;
}

std::string_view to_string(ie_criticality c) noexcept {
  switch (c) {
    case ie_criticality::reject:
      return "reject";
    case ie_criticality::ignore:
      return "ignore";
    case ie_criticality::notify:
      return "notify";
  }
  return "?";
}

}  // namespace meridian::asn1
