#pragma once
// The NGAP edge of the shared 5G identities: each model type (PLMN, TAC, TAI,
// S-NSSAI, GUAMI, NCGI, 5G-S-TMSI, Global gNB ID, NGAP UE ids) to and from the
// generated NGAP IE that carries it. The generated IEs keep their ASN.1 types;
// everything above this file works with the model types. Decoding returns
// nothing for octets the model type cannot hold, and never throws.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "meridian/model/global_gnb_id.hpp"
#include "meridian/model/guami.hpp"
#include "meridian/model/guti.hpp"
#include "meridian/model/ncgi.hpp"
#include "meridian/model/ngap_ids.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/ngap/ngap_ies.hpp"

namespace meridian::n2 {

/// TS 38.413 §9.3.3.5 (TS 24.008 §10.5.1.13): 3 octets of BCD digits, filler F for a 2-digit MNC.
ngap::plmn_identity encode_plmn(const model::plmn& p);
std::optional<model::plmn> decode_plmn(const ngap::plmn_identity& octets);

/// TS 38.413 §9.3.3.10: Tracking Area Code, 3 octets.
ngap::tac encode_tac(model::tac tac);
std::optional<model::tac> decode_tac(const ngap::tac& octets);

/// TS 38.413 §9.3.3.11: TAI.
ngap::tai encode_tai(const model::tai& t);
std::optional<model::tai> decode_tai(const ngap::tai& t);

/// TS 38.413 §9.3.1.24: S-NSSAI.
ngap::s_nssai encode_s_nssai(const model::s_nssai& s);
std::optional<model::s_nssai> decode_s_nssai(const ngap::s_nssai& s);

/// TS 38.413 §9.3.3.3: GUAMI.
ngap::guami encode_guami(const model::guami& g);
std::optional<model::guami> decode_guami(const ngap::guami& g);

/// TS 38.413 §9.3.1.7: NR CGI.
ngap::nr_cgi encode_ncgi(const model::ncgi& c);
std::optional<model::ncgi> decode_ncgi(const ngap::nr_cgi& c);

/// TS 38.413 §9.3.3.20: 5G-S-TMSI.
ngap::five_g_s_tmsi encode_s_tmsi(const model::s_tmsi_5g& s);
std::optional<model::s_tmsi_5g> decode_s_tmsi(const ngap::five_g_s_tmsi& s);

/// TS 38.413 §9.3.1.5: Global RAN Node ID holding a Global gNB ID.
ngap::global_ran_node_id encode_global_gnb_id(const model::global_gnb_id& g);
/// Nothing for an ng-eNB, N3IWF or malformed id.
std::optional<model::global_gnb_id> decode_global_gnb_id(const ngap::global_ran_node_id& id);

/// TS 38.413 §9.3.3.1 / §9.3.3.2: the UE NGAP ids, INTEGER in the generated IEs.
ngap::amf_ue_ngap_id encode_amf_ue_ngap_id(model::amf_ue_ngap_id id) noexcept;
std::optional<model::amf_ue_ngap_id> decode_amf_ue_ngap_id(ngap::amf_ue_ngap_id v) noexcept;
ngap::ran_ue_ngap_id encode_ran_ue_ngap_id(model::ran_ue_ngap_id id) noexcept;
std::optional<model::ran_ue_ngap_id> decode_ran_ue_ngap_id(ngap::ran_ue_ngap_id v) noexcept;

/// A PLMN and the slices served in it (the AMF's PLMN Support Item, the
/// gNB's Broadcast PLMN Item).
struct plmn_slices {
  model::plmn plmn;
  std::vector<model::s_nssai> slices{model::s_nssai{}};
  bool operator==(const plmn_slices&) const = default;
};

/// TS 38.413 §9.3.1.56: the Time To Wait IE and its duration.
std::chrono::seconds to_duration(ngap::time_to_wait t) noexcept;
/// The shortest Time To Wait not shorter than `d` (v60s for anything longer).
ngap::time_to_wait time_to_wait_at_least(std::chrono::seconds d) noexcept;

}  // namespace meridian::n2
