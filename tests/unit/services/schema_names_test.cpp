// The request and response structs are named after OpenAPI schemas and their
// members after the schemas' properties, so that the JSON binding of issue 19
// is mechanical. This test reads the headers and the OpenAPI files and checks
// it: every struct whose `///` line names a TS 29.5xx schema must find that
// schema, and each of its members (snake_case with a trailing underscore) must
// be one of the schema's properties in camelCase (or as spelled, for the
// OAuth2 snake_case ones), apart from the few renamings listed below.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path openapi_dir = fs::path(MERIDIAN_SHARED_DIR) / "specs" / "openapi";
const fs::path include_dir = fs::path(MERIDIAN_SOURCE_DIR) / "include" / "meridian";

/// C++ names a property cannot have (a leading digit, an underscore, an
/// upper-case acronym), as (member, property).
const std::map<std::string, std::string> renamed{
    {"qos_5qi_", "5qi"},
    {"qos_profile_5g_", "5gQosProfile"},
    {"auth_data_5g_", "5gAuthData"},
    {"mm_cause_value_5g_", "5gMmCauseValue"},
    {"charging_characteristics_3gpp_", "3gppChargingCharacteristics"},
    {"links_", "_links"},
    {"n1n2_failure_txf_notif_uri_", "n1n2FailureTxfNotifURI"},
};

/// Members that stand for something other than one property, as (struct, member).
const std::set<std::pair<std::string, std::string>> not_properties{
    {"plmn_id_nid", "plmn_"},  // the flattened mcc and mnc of PlmnIdNid
};

std::string camel(const std::string& member) {
  std::string out;
  bool upper = false;
  for (std::size_t i = 0; i + 1 < member.size(); ++i) {  // drop the trailing '_'
    if (member[i] == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(member[i]))) : member[i];
    upper = false;
  }
  return out;
}

struct declared_struct {
  std::string header, name, ts, schema;
  std::vector<std::string> members;
};

/// The structs of a header whose doc comment starts "/// TS 29.xxx §n Schema".
std::vector<declared_struct> structs_in(const fs::path& header) {
  static const std::regex doc(R"(^/// TS (29\.5\d\d) §[0-9.x]+ ([A-Z][A-Za-z0-9]+)\b)");
  static const std::regex open(R"(^struct (\w+) \{)");
  static const std::regex member(R"(^  [A-Za-z_][\w:<>, ]*? (\w+_)(\{\}| = [^;]+)?;)");
  std::vector<declared_struct> out;
  std::ifstream in(header);
  std::string line, ts, schema;
  declared_struct* current = nullptr;
  while (std::getline(in, line)) {
    std::smatch m;
    if (current) {
      if (line.starts_with("};")) {
        current = nullptr;
      } else if (std::regex_search(line, m, member)) {
        current->members.push_back(m[1]);
      }
      continue;
    }
    if (std::regex_search(line, m, doc)) {
      ts = m[1];
      schema = m[2];
    } else if (std::regex_search(line, m, open) && !schema.empty()) {
      out.push_back({header.filename().string(), m[1], ts, schema, {}});
      current = &out.back();
      schema.clear();
    } else if (!line.starts_with("///")) {
      schema.clear();  // the doc comment must be right above the struct
    }
  }
  return out;
}

TEST(schema_names, every_documented_struct_and_member_is_a_schema_and_its_properties) {
  if (!fs::exists(openapi_dir)) GTEST_SKIP() << openapi_dir << " is absent: schema names not checked";
  std::map<std::string, YAML::Node> specs;  // file name -> document
  for (const auto& e : fs::directory_iterator(openapi_dir)) {
    const auto name = e.path().filename().string();
    for (const char* ts : {"TS29571", "TS29502", "TS29503_Nudm_UEAU", "TS29503_Nudm_SDM", "TS29503_Nudm_UECM",
                           "TS29505", "TS29509_Nausf_UEAuthentication", "TS29510", "TS29507", "TS29512", "TS29518_Namf_Communication",
                           "TS29531"})
      if (name.starts_with(ts)) specs.emplace(name, YAML::LoadFile(e.path().string()));
  }
  std::size_t checked = 0;
  for (const char* dir : {"sbi_types", "udm", "ausf", "udr", "amf", "smf", "nrf", "pcf", "nssf"}) {
    for (const auto& e : fs::directory_iterator(include_dir / dir)) {
      const auto file = e.path().filename().string();
      if (!file.ends_with("_service.hpp") && !file.ends_with("_types.hpp") && dir != std::string("sbi_types"))
        continue;
      for (const auto& s : structs_in(e.path())) {
        SCOPED_TRACE(s.header + ": struct " + s.name + " (" + s.schema + ")");
        // The schema in the files of its TS ("29.503" -> "TS29503..."), else
        // anywhere. One TS may define a schema name twice (TS 29.510's
        // NFDiscovery and NFManagement both have an NFProfile): any of them will do.
        const std::string prefix = "TS" + s.ts.substr(0, 2) + s.ts.substr(3);
        std::vector<YAML::Node> candidates;
        for (int pass = 0; pass < 2 && candidates.empty(); ++pass)
          for (const auto& [name, doc] : specs)
            if ((pass == 1 || name.starts_with(prefix)) && doc["components"]["schemas"][s.schema])
              candidates.push_back(doc["components"]["schemas"][s.schema]["properties"]);
        ASSERT_FALSE(candidates.empty()) << "no schema " << s.schema;
        for (const auto& m : s.members) {
          if (not_properties.contains({s.name, m})) continue;
          const auto r = renamed.find(m);
          const std::string camel_name = r != renamed.end() ? r->second : camel(m);
          const std::string snake_name = m.substr(0, m.size() - 1);
          const bool is_property = std::any_of(candidates.begin(), candidates.end(), [&](const YAML::Node& props) {
            return props && (props[camel_name] || props[snake_name]);
          });
          EXPECT_TRUE(is_property) << "member " << m << " is not a property (" << camel_name << ")";
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 300u);  // the headers were read at all
}

TEST(schema_names, camel_case_of_a_member_is_the_property_name) {
  EXPECT_EQ(camel("supi_or_suci_"), "supiOrSuci");
  EXPECT_EQ(camel("s_nssai_"), "sNssai");
  EXPECT_EQ(camel("n1_sm_msg_"), "n1SmMsg");
  EXPECT_EQ(camel("dnn_"), "dnn");
}

}  // namespace
