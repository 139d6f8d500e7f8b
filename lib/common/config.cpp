#include "meridian/common/config.hpp"

#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace meridian::config {

config_error::config_error(std::string file, int line, std::string key, std::string reason)
    : std::runtime_error(line > 0 ? fmt::format("{}:{}: {}: {}", file, line, key.empty() ? "(top level)" : key, reason)
                                  : fmt::format("{}: {}{}{}", file, key, key.empty() ? "" : ": ", reason)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      reason_(std::move(reason)) {}

namespace detail {
struct section_state {
  YAML::Node node;  // a map, or undefined when the section is absent
  std::string file;
  std::string path;
  int line = 0;  // 1-based line of the section, 0 when absent
  std::set<std::string, std::less<>> seen;
};
}  // namespace detail

namespace {

std::string join_key(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

// yaml-cpp's non-const operator[] inserts the key it looks up; every lookup goes
// through this const one so that reading never changes the document.
YAML::Node lookup(const YAML::Node& map, std::string_view key) { return map[std::string(key)]; }

int line_of(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

const char* kind_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "a scalar";
    default:
      return "an undefined value";
  }
}

// yaml-cpp accepts a key twice (the second silently wins) and keys that are
// themselves mappings or lists; both are almost always typos, so both are errors.
void check_keys(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (node.IsSequence()) {
    std::size_t index = 0;
    for (const auto& item : node) check_keys(item, file, fmt::format("{}[{}]", path, index++));
    return;
  }
  if (!node.IsMap()) return;
  std::set<std::string, std::less<>> keys;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar())
      throw config_error(file, line_of(kv.first), path, "a key must be a single value, not a mapping or a list");
    const std::string key = join_key(path, kv.first.Scalar());
    if (!keys.insert(kv.first.Scalar()).second) throw config_error(file, line_of(kv.first), key, "duplicate key");
    check_keys(kv.second, file, key);
  }
}

std::shared_ptr<detail::section_state> make_root(YAML::Node node, std::string file) {
  auto s = std::make_shared<detail::section_state>();
  s->file = std::move(file);
  if (node.IsNull() || !node.IsDefined()) {
    s->node = YAML::Node(YAML::NodeType::Map);  // an empty file is a valid, empty configuration
    return s;
  }
  if (!node.IsMap())
    throw config_error(s->file, line_of(node), "",
                       fmt::format("expected a mapping at the top level, found {}", kind_name(node)));
  check_keys(node, s->file, "");
  s->node = node;
  s->line = line_of(node);
  return s;
}

}  // namespace

bool section::present() const noexcept { return s_->node.IsDefined() && s_->node.IsMap(); }
const std::string& section::path() const noexcept { return s_->path; }

void section::fail(std::string_view key, std::string_view reason) const {
  int line = s_->line;
  if (present()) {
    if (auto v = lookup(s_->node, key); v.IsDefined()) line = line_of(v);
  }
  throw config_error(s_->file, line, key.empty() ? s_->path : join_key(s_->path, key), std::string(reason));
}

namespace {
// The scalar value under key, or nothing when the key is absent or null; marks
// the key as read. (A default-constructed YAML::Node is a defined null, so
// absence is an empty optional, not a node.)
std::optional<YAML::Node> scalar_at(detail::section_state& s, const section& sec, std::string_view key) {
  s.seen.emplace(key);
  if (!sec.present()) return std::nullopt;
  YAML::Node v = lookup(s.node, key);
  if (!v.IsDefined() || v.IsNull()) return std::nullopt;
  if (!v.IsScalar()) sec.fail(key, fmt::format("expected a single value, found {}", kind_name(v)));
  return v;
}
}  // namespace

section& section::read(std::string_view key, bool& out) {
  auto v = scalar_at(*s_, *this, key);
  if (!v) return *this;
  const std::string& t = v->Scalar();
  if (t == "true" || t == "yes" || t == "on")
    out = true;
  else if (t == "false" || t == "no" || t == "off")
    out = false;
  else
    fail(key, fmt::format("expected true or false, found '{}'", t));
  return *this;
}

section& section::read(std::string_view key, std::string& out) {
  auto v = scalar_at(*s_, *this, key);
  if (v) out = v->Scalar();
  return *this;
}

section& section::read(std::string_view key, double& out) {
  auto v = scalar_at(*s_, *this, key);
  if (!v) return *this;
  try {
    std::size_t used = 0;
    const double d = std::stod(v->Scalar(), &used);
    if (used != v->Scalar().size()) throw std::invalid_argument("trailing characters");
    out = d;
  } catch (const std::logic_error&) {
    fail(key, fmt::format("expected a number, found '{}'", v->Scalar()));
  }
  return *this;
}

std::int64_t section::read_integer(std::string_view key, std::int64_t min, std::int64_t max, std::int64_t fallback) {
  auto v = scalar_at(*s_, *this, key);
  if (!v) return fallback;
  const std::string& t = v->Scalar();
  std::int64_t value = 0;
  try {
    std::size_t used = 0;
    value = std::stoll(t, &used, 0);  // base 0: decimal, 0x hex
    if (used != t.size()) throw std::invalid_argument("trailing characters");
  } catch (const std::logic_error&) {
    fail(key, fmt::format("expected an integer, found '{}'", t));
  }
  if (value < min || value > max) fail(key, fmt::format("{} is out of range [{}, {}]", value, min, max));
  return value;
}

section& section::read(std::string_view key, std::vector<std::string>& out) {
  s_->seen.emplace(key);
  if (!present()) return *this;
  YAML::Node v = lookup(s_->node, key);
  if (!v.IsDefined() || v.IsNull()) return *this;
  if (!v.IsSequence()) fail(key, fmt::format("expected a list, found {}", kind_name(v)));
  std::vector<std::string> items;
  for (const auto& item : v) {
    if (!item.IsScalar()) fail(key, fmt::format("expected a list of values, found {} in it", kind_name(item)));
    items.push_back(item.Scalar());
  }
  out = std::move(items);
  return *this;
}

section& section::read(std::string_view key, std::map<std::string, std::string, std::less<>>& out) {
  s_->seen.emplace(key);
  if (!present()) return *this;
  YAML::Node v = lookup(s_->node, key);
  if (!v.IsDefined() || v.IsNull()) return *this;
  if (!v.IsMap()) fail(key, fmt::format("expected a mapping, found {}", kind_name(v)));
  std::map<std::string, std::string, std::less<>> items;
  for (const auto& kv : v) {
    if (!kv.second.IsScalar())
      fail(key, fmt::format("expected a single value for '{}', found {}", kv.first.Scalar(), kind_name(kv.second)));
    items[kv.first.Scalar()] = kv.second.Scalar();
  }
  out = std::move(items);
  return *this;
}

section section::child(std::string_view key) {
  s_->seen.emplace(key);
  auto c = std::make_shared<detail::section_state>();
  c->file = s_->file;
  c->path = join_key(s_->path, key);
  c->line = s_->line;
  if (present()) {
    YAML::Node v = lookup(s_->node, key);
    if (v.IsDefined() && !v.IsNull()) {
      if (!v.IsMap()) fail(key, fmt::format("expected a mapping, found {}", kind_name(v)));
      c->node = v;
      c->line = line_of(v);
    }
  }
  return section(c);
}

std::vector<section> section::children(std::string_view key) {
  s_->seen.emplace(key);
  std::vector<section> out;
  if (!present()) return out;
  YAML::Node v = lookup(s_->node, key);
  if (!v.IsDefined() || v.IsNull()) return out;
  if (!v.IsSequence()) fail(key, fmt::format("expected a list, found {}", kind_name(v)));
  std::size_t index = 0;
  for (const auto& item : v) {
    auto c = std::make_shared<detail::section_state>();
    c->file = s_->file;
    c->path = fmt::format("{}[{}]", join_key(s_->path, key), index++);
    c->line = line_of(item);
    if (!item.IsMap())
      throw config_error(c->file, c->line, c->path, fmt::format("expected a mapping, found {}", kind_name(item)));
    c->node = static_cast<const YAML::Node&>(item);
    out.push_back(section(c));
  }
  return out;
}

void section::finish() const {
  if (!present()) return;
  for (const auto& kv : s_->node) {
    const std::string& key = kv.first.Scalar();
    if (!s_->seen.contains(key))
      throw config_error(s_->file, line_of(kv.first), join_key(s_->path, key), "unknown key");
  }
}

document document::load_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw config_error(file.string(), 0, "", "no such file");
  if (!std::filesystem::is_regular_file(file, ec)) throw config_error(file.string(), 0, "", "is not a regular file");
  try {
    return document(make_root(YAML::LoadFile(file.string()), file.string()));
  } catch (const config_error&) {
    throw;
  } catch (const YAML::BadFile&) {
    throw config_error(file.string(), 0, "", "cannot be read");
  } catch (const YAML::ParserException& e) {
    throw config_error(file.string(), e.mark.line + 1, "", fmt::format("YAML syntax error: {}", e.msg));
  } catch (const std::exception& e) {
    // yaml-cpp reports some read failures through iostream exceptions.
    throw config_error(file.string(), 0, "", fmt::format("cannot be read: {}", e.what()));
  }
}

document document::parse(std::string_view text, std::string name) {
  try {
    return document(make_root(YAML::Load(std::string(text)), name));
  } catch (const YAML::ParserException& e) {
    throw config_error(std::move(name), e.mark.line + 1, "", fmt::format("YAML syntax error: {}", e.msg));
  }
}

document document::empty() { return document(make_root(YAML::Node(YAML::NodeType::Map), "<defaults>")); }

section document::root() const { return section(root_); }

}  // namespace meridian::config
