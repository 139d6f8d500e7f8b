#pragma once
// The security suite's computations by name, as `meridian crypto` offers them
// to people provisioning SIMs and chasing "MAC failure": Milenage, the 5G-AKA
// key chain, 128-NEA/NIA, SUCI, each TS 33.501 Annex A derivation alone, and
// the EAP-AKA' keys. Each entry says what it takes (inputs as typed text,
// named like the options) and gives named outputs (lowercase hex, or a
// SUCI/SUPI), so the tool registers one subcommand per entry and only prints,
// and the tests run the same table. A bad input is a one-line error naming it.

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meridian::security {

/// One input: the option's name without "--", its help line, and whether it
/// may be left out (then it takes `default_`; "" means absent).
struct operation_input {
  std::string_view name_;
  std::string_view help_;
  bool required_ = true;
  std::string_view default_ = {};
  std::string_view excludes_ = {};  ///< an input that may not be given together with this one
};

/// The inputs' text by name, as given (absent optional ones: their default).
using operation_values = std::map<std::string, std::string, std::less<>>;
/// The named outputs, in their documented order.
using operation_outputs = std::vector<std::pair<std::string, std::string>>;
using operation_result = std::expected<operation_outputs, std::string>;

/// How a tool shows the outputs.
enum class output_form : std::uint8_t {
  json_object,  ///< one JSON object of every output
  line,         ///< the one output's text on its own line
};

struct crypto_operation {
  std::string_view group_;  ///< "" for `crypto <name>`, else `crypto <group> <name>`
  std::string_view name_;
  std::string_view help_;
  std::vector<operation_input> inputs_;
  output_form output_ = output_form::json_object;
  std::function<operation_result(const operation_values&)> run_;
};

/// Every operation, in the order the tool lists them; a group comes where its
/// first operation is.
std::span<const crypto_operation> crypto_operations();
/// What the operations of a group (`suci`, `derive`) have in common, in one line.
std::string_view crypto_operation_group_help(std::string_view group) noexcept;

/// Runs the operation `group`/`name` on `values`; inputs left out take their
/// defaults. An unknown operation or a missing required input is an error too.
operation_result run_crypto_operation(std::string_view group, std::string_view name, operation_values values);

}  // namespace meridian::security
