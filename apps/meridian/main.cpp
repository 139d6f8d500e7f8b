// The `meridian` binary: one executable, one subcommand per tool or network
// function. Usage errors print one line and the usage to stderr and exit 2;
// configuration errors name the file, line and key.

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/common/log.hpp"

namespace {

constexpr const char* usage_line =
    "usage: meridian [--config FILE] [--log-level LEVEL] <command> [options]  (meridian --help lists the commands)";

std::string version_string() { return fmt::format("meridian {} (commit {})", MERIDIAN_VERSION, MERIDIAN_GIT_COMMIT); }

// "crypto suci conceal" for the leaf subcommand `cmd`.
std::string command_path(const CLI::App* cmd) {
  std::string path = cmd->get_name();
  for (const CLI::App* p = cmd->get_parent(); p != nullptr && p->get_parent() != nullptr; p = p->get_parent())
    path = p->get_name() + " " + path;
  return path;
}

// The most deeply nested subcommand the parser entered, or the root.
const CLI::App* deepest_parsed(const CLI::App* app) {
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* s) { return s->parsed(); }))
    return deepest_parsed(sub);
  return app;
}

// A mistake on the top-level command line gets the usage; one inside a
// subcommand gets a single line pointing at that subcommand's help.
int usage_failure(const CLI::App& cli, const std::string& message) {
  const CLI::App* where = deepest_parsed(&cli);
  if (where == &cli) {
    std::fprintf(stderr, "meridian: error: %s\n%s\n", message.c_str(), usage_line);
  } else {
    const std::string path = command_path(where);
    std::fprintf(stderr, "meridian %s: error: %s (see 'meridian %s --help')\n", path.c_str(), message.c_str(),
                 path.c_str());
  }
  return meridian::app::exit_usage;
}

int run(int argc, char** argv) {
  using namespace meridian;

  CLI::App cli{"Meridian: an open, auditable 5G Standalone network (core, gNB and UE emulators, tools).", "meridian"};
  cli.set_version_flag("-V,--version", version_string(), "Print the version and exit");
  std::string config_file;
  std::string log_level;
  cli.add_option("-c,--config", config_file, "YAML configuration file (every option has a default)");
  cli.add_option("--log-level", log_level,
                 "Log level for every logger: trace, debug, info, warn, error, critical, off");
  cli.require_subcommand(0, 1);

  app::command_list commands;
  app::add_crypto_commands(cli, commands);
  auto* decode_cmd = cli.add_subcommand("decode", "Decode one protocol message given as hex and print it as JSON");
  decode_cmd->require_subcommand(1);
  app::add_decode_nas_command(*decode_cmd, commands);
  app::add_decode_ngap_command(*decode_cmd, commands);
  app::add_decode_user_plane_commands(*decode_cmd, commands);
  app::add_pcap_commands(cli, commands);
  app::add_bench_commands(cli, commands);
  app::add_amf_command(cli, commands);
  app::add_gnb_command(cli, commands);
  app::add_upf_command(cli, commands);
  app::add_subscriber_commands(cli, commands);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ExtrasError& e) {
    // CLI11 reports an unknown subcommand as an unexpected extra argument.
    return usage_failure(cli, fmt::format("unknown command or argument: {}", e.what()));
  } catch (const CLI::ParseError& e) {
    return usage_failure(cli, e.what());
  }

  app::context ctx;
  try {
    log::logging_config logging;
    if (!config_file.empty()) {
      ctx.config = config::document::load_file(config_file);
      auto root = ctx.config.root();
      log::read_config(root.child("logging"), logging);
      // The running command reads its own sections; every top-level key left
      // over belongs to nobody and is an error naming its line.
      for (auto& c : commands)
        if (c.cli->parsed() && c.read_config) c.read_config(root);
      root.finish();
    }
    if (!log_level.empty()) {
      auto l = log::parse_level(log_level);
      if (!l)
        return usage_failure(cli, fmt::format("--log-level: '{}' is not one of: {}", log_level, log::level_names()));
      logging.default_level = *l;
      logging.levels.clear();
    }
    log::configure(logging);
  } catch (const config::config_error& e) {
    std::fprintf(stderr, "meridian: configuration error: %s\n", e.what());
    return app::exit_failure;
  }

  for (auto& c : commands) {
    if (c.cli->parsed()) {
      try {
        return c.run(ctx);
      } catch (const app::usage_error& e) {
        std::fprintf(stderr, "meridian %s: error: %s\n", command_path(c.cli).c_str(), e.what());
        return app::exit_usage;
      } catch (const config::config_error& e) {
        std::fprintf(stderr, "meridian: configuration error: %s\n", e.what());
        return app::exit_failure;
      } catch (const std::exception& e) {
        // Nothing a user types may end in std::terminate: report and exit.
        std::fprintf(stderr, "meridian %s: error: %s\n", command_path(c.cli).c_str(), e.what());
        return app::exit_failure;
      }
    }
  }
  // No command given: show what there is.
  std::cout << cli.help();
  return app::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  // The last line of defence: whatever escapes (an allocation failure, a
  // library's exception) ends in one line on stderr, never std::terminate.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "meridian: error: %s\n", e.what());
    return meridian::app::exit_failure;
  }
}
