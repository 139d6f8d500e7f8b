// `meridian crypto`: the security suite as a debugging tool for people
// provisioning SIMs and chasing "MAC failure". One subcommand per entry of
// security::crypto_operations() (the table says its inputs and computes its
// outputs); this file registers them and prints. Every command prints one
// JSON object (lowercase hex) or one line on stdout and exits 0; bad input
// prints one line on stderr, nothing on stdout, and exits 2.

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "meridian/security/crypto_operations.hpp"

namespace meridian::app {

namespace {

void print(const security::crypto_operation& op, const security::operation_outputs& outputs) {
  if (op.output_ == security::output_form::line) {
    std::cout << outputs.front().second << '\n';
    return;
  }
  nlohmann::ordered_json j = nlohmann::ordered_json::object();  // keeps the documented key order
  for (const auto& [name, value] : outputs) j[name] = value;
  std::cout << j.dump() << '\n';
}

// `crypto [group] <name>` with one option per input of `op`.
void add_operation(CLI::App& parent, const security::crypto_operation& op, command_list& commands) {
  auto* cmd = parent.add_subcommand(std::string(op.name_), std::string(op.help_));
  auto values = std::make_shared<security::operation_values>();
  for (const auto& in : op.inputs_) {
    auto& value = (*values)[std::string(in.name_)];
    value = in.default_;
    auto* option = cmd->add_option("--" + std::string(in.name_), value, std::string(in.help_));
    if (in.required_) option->required();
  }
  for (const auto& in : op.inputs_)
    if (!in.excludes_.empty())
      cmd->get_option("--" + std::string(in.name_))->excludes(cmd->get_option("--" + std::string(in.excludes_)));
  commands.push_back({cmd, [values, &op](context&) {
                        auto outputs = security::run_crypto_operation(op.group_, op.name_, *values);
                        if (!outputs) throw usage_error(outputs.error());
                        print(op, *outputs);
                        return exit_ok;
                      }});
}

}  // namespace

void add_crypto_commands(CLI::App& app, command_list& commands) {
  auto* crypto_cmd = app.add_subcommand("crypto", "Security suite tools: Milenage, 5G-AKA keys, NEA/NIA, SUCI");
  crypto_cmd->require_subcommand(1);
  std::map<std::string_view, CLI::App*> groups;
  for (const auto& op : security::crypto_operations()) {
    CLI::App* parent = crypto_cmd;
    if (!op.group_.empty()) {
      auto [group, added] = groups.try_emplace(op.group_, nullptr);
      if (added) {
        group->second = crypto_cmd->add_subcommand(std::string(op.group_),
                                                   std::string(security::crypto_operation_group_help(op.group_)));
        group->second->require_subcommand(1);
      }
      parent = group->second;
    }
    add_operation(*parent, op, commands);
  }
}

}  // namespace meridian::app
