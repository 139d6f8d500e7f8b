#pragma once
// Identities the service tests share.

#include "meridian/model/guami.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/suci.hpp"
#include "meridian/model/supi.hpp"

namespace meridian::test {

inline model::supi test_supi() { return *model::supi::parse("imsi-001010000000001"); }
inline model::suci test_suci() { return *model::suci::parse("suci-0-001-01-0000-0-0-0000000001"); }
inline model::plmn test_plmn() { return *model::plmn::parse("001/01"); }
inline model::s_nssai embb() { return *model::s_nssai::parse("1"); }
inline const char* const serving_network_name = "5G:mnc001.mcc001.3gppnetwork.org";

}  // namespace meridian::test
