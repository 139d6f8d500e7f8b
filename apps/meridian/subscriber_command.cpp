// `meridian subscriber`: the operator's tool for the UDR's subscriber store
// (add, import, list, show, set, delete, export, hn-key add/list). Keys come
// only from files or standard input, never from the command line. The logic
// (files, validation, defaults) is in lib/subscriber_admin and lib/udr; this
// file parses the options and prints. Configuration section `udr:`.

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include "command.hpp"
#include "meridian/core/home_network.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/udm/udm_types.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/subscriber_admin/admin_config.hpp"
#include "meridian/subscriber_admin/hn_keys.hpp"
#include "meridian/subscriber_admin/keys_file.hpp"
#include "meridian/subscriber_admin/subscriber_files.hpp"
#include "meridian/subscriber_admin/subscriber_options.hpp"
#include "meridian/subscriber_admin/subscriber_set.hpp"
#include "meridian/udr/sqlite_store.hpp"

namespace meridian::app {

namespace {

namespace sa = subscriber_admin;

struct subscriber_cli {
  sa::admin_config cfg;
  std::string db;  // --db: overrides udr.db
  std::string supi;
  std::string keys_file;
  sa::subscriber_options options;
  std::string file;  // import FILE / export --output FILE
  std::string format;
  bool show_keys = false;
  bool with_keys = false;
  std::string profile;
  int key_id = 0;
  std::string private_key_file;
  std::uint64_t count = 1;
  std::string serving_network_name = "5G:mnc001.mcc001.3gppnetwork.org";
};

// A store error: bad input named on the command line (exit 2), else a failure (exit 1).
int store_failure(const udr::store_error& e) {
  switch (e.code_) {
    case udr::store_errc::duplicate:
    case udr::store_errc::not_found:
    case udr::store_errc::invalid: throw usage_error(e.message());
    default: break;
  }
  std::fprintf(stderr, "meridian subscriber: error: %s\n", e.message().c_str());
  return exit_failure;
}

std::unique_ptr<udr::subscriber_store> open_store(const subscriber_cli& o, bool create) {
  const std::string& path = o.db.empty() ? o.cfg.db_ : o.db;
  auto store = udr::open_sqlite_store(path, {.busy_timeout_ = std::chrono::milliseconds(5000), .create_ = create});
  if (!store) {
    std::fprintf(stderr, "meridian subscriber: error: %s: %s\n", path.c_str(), store.error().message().c_str());
    return nullptr;
  }
  return std::move(*store);
}

sa::subscriber_keys read_keys(const std::string& file) {
  auto keys = sa::read_subscriber_keys_file(file, "--keys");
  if (!keys) throw usage_error(keys.error());
  return *keys;
}

model::supi supi_argument(const std::string& text) {
  auto supi = sa::parse_supi_argument(text);
  if (!supi) throw usage_error(supi.error());
  return *supi;
}

int run_add(subscriber_cli& o) {
  const auto supi = supi_argument(o.supi);
  const auto keys = read_keys(o.keys_file);
  udr::subscriber s = sa::new_subscriber(supi, keys, o.cfg.defaults_);
  if (auto r = sa::apply_options(s, o.options, o.cfg.defaults_); !r) throw usage_error(r.error());
  auto store = open_store(o, true);
  if (!store) return exit_failure;
  if (auto r = store->insert(s); !r) return store_failure(r.error());
  std::printf("added %s\n", s.supi_.to_string().c_str());
  return exit_ok;
}

int run_set(subscriber_cli& o) {
  const auto supi = supi_argument(o.supi);
  if (o.options.empty() && o.keys_file.empty()) throw usage_error("nothing to change: give at least one option");
  std::optional<sa::subscriber_keys> keys;
  if (!o.keys_file.empty()) keys = read_keys(o.keys_file);
  auto store = open_store(o, false);
  if (!store) return exit_failure;
  auto set = sa::set_subscriber(*store, supi, keys, o.options, o.cfg.defaults_);
  if (!set) {
    if (const auto* e = std::get_if<udr::store_error>(&set.error())) return store_failure(*e);
    throw usage_error(std::get<std::string>(set.error()));
  }
  std::printf("updated %s\n", set->supi_.to_string().c_str());
  return exit_ok;
}

int run_delete(subscriber_cli& o) {
  const auto supi = supi_argument(o.supi);
  auto store = open_store(o, false);
  if (!store) return exit_failure;
  if (auto r = store->remove(supi); !r) return store_failure(r.error());
  std::printf("deleted %s\n", supi.to_string().c_str());
  return exit_ok;
}

int run_show(subscriber_cli& o) {
  const auto supi = supi_argument(o.supi);
  auto store = open_store(o, false);
  if (!store) return exit_failure;
  auto found = store->find(supi);
  if (!found) return store_failure(found.error());
  if (!*found) throw usage_error(fmt::format("no subscriber {}", supi.to_string()));
  std::fputs(sa::subscriber_yaml(**found, o.show_keys).c_str(), stdout);
  return exit_ok;
}

int run_list(subscriber_cli& o) {
  auto store = open_store(o, false);
  if (!store) return exit_failure;
  auto r = store->for_each([](const udr::subscriber& s) {
    std::string nssai, dnns;
    for (const auto& n : s.nssai_) nssai += (nssai.empty() ? "" : ",") + n.snssai_.to_string() + (n.default_ ? "*" : "");
    for (const auto& c : s.sessions_) dnns += (dnns.empty() ? "" : ",") + c.dnn_;
    std::printf("%-28s %-13s sqn %s  nssai %s  dnn %s\n", s.supi_.to_string().c_str(),
                std::string(sbi::to_string(s.auth_method_)).c_str(), udr::sqn_to_hex(s.sqn_.sqn_).c_str(),
                nssai.c_str(), dnns.empty() ? "-" : dnns.c_str());
    return true;
  });
  if (!r) return store_failure(r.error());
  return exit_ok;
}

sa::file_format format_of(const subscriber_cli& o, const std::string& file) {
  auto f = sa::resolve_format(o.format, file);
  if (!f) throw usage_error(f.error());
  return *f;
}

int run_import(subscriber_cli& o) {
  const auto format = format_of(o, o.file);
  auto text = sa::read_secret_file(o.file);
  if (!text) throw usage_error(text.error());
  const sa::secret_text guard(std::move(*text));
  auto subscribers =
      sa::import_subscribers(format, guard.view(), o.file == "-" ? "(standard input)" : o.file, o.cfg.defaults_);
  if (!subscribers) throw usage_error(subscribers.error());
  auto store = open_store(o, true);
  if (!store) return exit_failure;
  auto n = store->insert_all(*subscribers);
  if (!n) return store_failure(n.error());
  std::printf("imported %zu subscriber(s)\n", *n);
  return exit_ok;
}

int run_export(subscriber_cli& o) {
  const bool to_stdout = o.file.empty() || o.file == "-";
  const auto format = o.format.empty() && to_stdout ? sa::file_format::yaml : format_of(o, o.file);
  auto store = open_store(o, false);
  if (!store) return exit_failure;
  std::ofstream file;
  if (!to_stdout) {
    // Keys or not, the export is the operator's subscriber list: private.
    const auto old_mask = ::umask(077);
    file.open(o.file, std::ios::binary | std::ios::trunc);
    ::umask(old_mask);
    if (!file) throw usage_error(fmt::format("--output: cannot write {}", o.file));
  }
  std::ostream& out = to_stdout ? std::cout : file;
  sa::subscriber_writer writer(format, out, o.with_keys, o.cfg.defaults_);
  writer.begin();
  std::optional<std::string> problem;
  auto r = store->for_each([&](const udr::subscriber& s) {
    auto added = writer.add(s);
    if (!added) problem = added.error();
    return added.has_value();
  });
  writer.end();
  if (!r) return store_failure(r.error());
  if (problem) {
    std::fprintf(stderr, "meridian subscriber export: error: %s\n", problem->c_str());
    return exit_failure;
  }
  return exit_ok;
}

int run_hn_key_add(subscriber_cli& o) {
  const auto profile = udr::profile_from_name(o.profile);
  if (!profile) throw usage_error(fmt::format("--profile: '{}' is not A or B", o.profile));
  auto store = open_store(o, true);
  if (!store) return exit_failure;
  std::uint8_t id = static_cast<std::uint8_t>(o.key_id);
  if (o.key_id == 0) {
    auto keys = store->hn_keys();
    if (!keys) return store_failure(keys.error());
    const auto next = sa::next_hn_key_id(*keys);
    if (!next) throw usage_error("every key id 1..255 is taken: give --id");
    id = *next;
  }
  auto key = sa::new_hn_key(id, *profile, o.private_key_file);
  if (!key) throw usage_error(key.error());
  if (auto r = store->insert_hn_key(*key); !r) return store_failure(r.error());
  std::printf("key id %u, profile %s, public key %s\n", unsigned{key->key_id_},
              std::string(udr::profile_name(key->profile_)).c_str(), to_hex(key->public_key_).c_str());
  return exit_ok;
}

int run_hn_key_list(subscriber_cli& o) {
  auto store = open_store(o, false);
  if (!store) return exit_failure;
  auto keys = store->hn_keys();
  if (!keys) return store_failure(keys.error());
  for (const auto& k : *keys)
    std::printf("%3u  %s  %s\n", unsigned{k.key_id_}, std::string(udr::profile_name(k.profile_)).c_str(),
                to_hex(k.public_key_).c_str());
  return exit_ok;
}

// Authentication vectors through UDR → UDM, as an AUSF would ask for them:
// each one's SQN is durable before it is printed (RAND and AUTN only: they go
// over the air anyway; XRES*, K_AUSF, CK' and IK' are keys).
int run_vectors(subscriber_cli& o) {
  const auto supi = supi_argument(o.supi);
  asio::io_context io;
  // The UDR answers from its committer thread through io: keep io waiting for them.
  auto work = asio::make_work_guard(io);
  core::home_network_config cfg;
  cfg.db_ = o.db.empty() ? o.cfg.db_ : o.db;
  const system_clock_source clock;
  auto hn = core::home_network::open(io, std::move(cfg), clock);
  if (!hn) {
    std::fprintf(stderr, "meridian subscriber: error: %s\n", hn.error().message_.c_str());
    return exit_failure;
  }
  std::optional<std::expected<std::uint64_t, sbi::problem_details>> outcome;
  std::uint64_t n = 0;
  runtime::spawn(core::generate_vectors((*hn)->udm_ue_authentication(), supi, o.serving_network_name, o.count,
                                        [&n](const udm::authentication_info_result& r) {
                                          const auto& [rand, autn] = std::visit(
                                              [](const auto& av) { return std::pair(&av.rand_, &av.autn_); },
                                              *r.authentication_vector_);
                                          std::printf("{\"n\":%llu,\"rand\":\"%s\",\"autn\":\"%s\"}\n",
                                                      static_cast<unsigned long long>(++n), to_hex(*rand).c_str(),
                                                      to_hex(*autn).c_str());
                                          std::fflush(stdout);
                                        }),
                 [&outcome](auto r) { outcome.emplace(r ? std::move(*r) : std::unexpected(sbi::problem_details{})); });
  while (!outcome) io.run_one();
  if (!*outcome) {
    const auto& p = outcome->error();
    std::fprintf(stderr, "meridian subscriber: error: %s (HTTP %u)%s%s\n",
                 p.cause_ ? std::string(sbi::to_string(*p.cause_)).c_str() : "no cause", p.status_,
                 p.detail_ ? ": " : "", p.detail_.value_or("").c_str());
    return exit_failure;
  }
  return exit_ok;
}

void add_db_option(CLI::App* cmd, subscriber_cli& o) {
  cmd->add_option("--db", o.db, "The subscriber store (SQLite file; default udr.db from the configuration, "
                                "else subscribers.db)");
}

void add_field_options(CLI::App* cmd, subscriber_cli& o) {
  auto& opt = o.options;
  cmd->add_option("--auth-method", opt.auth_method_, "5G_AKA or EAP_AKA_PRIME");
  cmd->add_option("--amf", opt.amf_, "Authentication management field, 4 hex digits (default 8000)");
  cmd->add_option("--sqn", opt.sqn_, "The last SQN used (SEQ||IND), up to 12 hex digits");
  cmd->add_option("--ind-length", opt.ind_length_, "Bits of IND in the SQN, 0..16 (default 5)");
  cmd->add_option("--default-nssai", opt.default_nssai_, "A default S-NSSAI, e.g. 1 or 1/010203 (repeatable)");
  cmd->add_option("--nssai", opt.nssai_, "A non-default subscribed S-NSSAI (repeatable)");
  cmd->add_option("--dnn", opt.dnn_,
                  "A DNN with the default session settings, on the first default S-NSSAI; the first is the "
                  "default DNN (repeatable; replaces the sessions)");
  cmd->add_option("--static-ip", opt.static_ip_, "DNN=ADDRESS: a static IPv4 or IPv6 address (repeatable)");
  cmd->add_option("--ue-ambr-uplink", opt.ue_ambr_uplink_, "UE-AMBR uplink, e.g. \"1 Gbps\"");
  cmd->add_option("--ue-ambr-downlink", opt.ue_ambr_downlink_, "UE-AMBR downlink, e.g. \"2 Gbps\"");
  cmd->add_option("--rat-restriction", opt.rat_restriction_, "A RAT the subscriber may not use (repeatable)");
}

}  // namespace

void add_subscriber_commands(CLI::App& app, command_list& commands) {
  auto o = std::make_shared<subscriber_cli>();
  auto* sub = app.add_subcommand("subscriber",
                                 "Manage the UDR's subscribers and the home network's SUCI keys (config section udr:)");
  sub->require_subcommand(1);
  auto read_config = [o](config::section& root) { subscriber_admin::read_config(root, o->cfg); };
  auto reg = [&](CLI::App* cmd, int (*run)(subscriber_cli&)) {
    add_db_option(cmd, *o);
    commands.push_back({cmd, [o, run](context&) { return run(*o); }, read_config});
  };

  auto* add = sub->add_subcommand("add", "Add a subscriber; K and OPc/OP come from --keys (never the command line)");
  add->add_option("--supi", o->supi, "imsi-<digits> or nai-<user>@<realm>")->required();
  add->add_option("--keys", o->keys_file, "File with YAML lines 'k: HEX' and 'opc: HEX' (or 'op: HEX'); - for stdin")
      ->required();
  add_field_options(add, *o);
  reg(add, run_add);

  auto* imp = sub->add_subcommand("import", "Add subscribers from a CSV or YAML file, all or none (docs/udr.md)");
  imp->add_option("file", o->file, "The file; - for standard input")->required();
  imp->add_option("--format", o->format, "csv or yaml (default: from the file name)");
  reg(imp, run_import);

  auto* list = sub->add_subcommand("list", "List the subscribers, one line each");
  reg(list, run_list);

  auto* show = sub->add_subcommand("show", "Print one subscriber as YAML (K and OPc only with --show-keys)");
  show->add_option("--supi", o->supi, "The subscriber")->required();
  show->add_flag("--show-keys", o->show_keys, "Also print K and OPc/OP");
  reg(show, run_show);

  auto* set = sub->add_subcommand("set", "Change a subscriber's fields (new keys only from --keys)");
  set->add_option("--supi", o->supi, "The subscriber")->required();
  set->add_option("--keys", o->keys_file, "Replace K and OPc/OP from this file; - for stdin");
  add_field_options(set, *o);
  set->add_flag("--no-rat-restrictions", o->options.no_rat_restrictions_, "Lift every RAT restriction");
  reg(set, run_set);

  auto* del = sub->add_subcommand("delete", "Delete a subscriber and its context data");
  del->add_option("--supi", o->supi, "The subscriber")->required();
  reg(del, run_delete);

  auto* exp = sub->add_subcommand("export", "Write every subscriber as YAML (default) or CSV");
  exp->add_option("--output", o->file, "The file (created mode 0600); standard output by default");
  exp->add_option("--format", o->format, "yaml or csv (default: from --output's name, else yaml)");
  exp->add_flag("--with-keys", o->with_keys, "Include K and OPc/OP (needed to import the file again)");
  reg(exp, run_export);

  auto* hn = sub->add_subcommand("hn-key", "The home network's SUCI de-concealment keys (ECIES Profile A/B)");
  hn->require_subcommand(1);
  auto* hn_add = hn->add_subcommand("add", "Generate a key pair, or import a private key, and print the public key");
  hn_add->add_option("--profile", o->profile, "A (X25519) or B (secp256r1)")->required();
  hn_add->add_option("--id", o->key_id, "Home Network Public Key Identifier, 1..255 (default: the next free one)")
      ->check(CLI::Range(1, 255));
  hn_add->add_option("--private-key", o->private_key_file,
                     "Import this private key (64 hex digits) instead of generating one; - for stdin");
  reg(hn_add, run_hn_key_add);
  auto* hn_list = hn->add_subcommand("list", "List the keys: id, profile, public key (never the private key)");
  reg(hn_list, run_hn_key_list);

  auto* vec = sub->add_subcommand("vectors",
                                  "Generate authentication vectors through the UDM, each SQN durable first; prints "
                                  "RAND and AUTN as JSON lines");
  vec->add_option("--supi", o->supi, "The subscriber")->required();
  vec->add_option("--count", o->count, "How many (default 1)")->check(CLI::PositiveNumber);
  vec->add_option("--serving-network-name", o->serving_network_name,
                  "TS 33.501 §6.1.1.4 (default 5G:mnc001.mcc001.3gppnetwork.org)");
  reg(vec, run_vectors);
}

}  // namespace meridian::app
