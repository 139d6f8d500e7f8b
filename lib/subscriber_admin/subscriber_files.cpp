#include "meridian/subscriber_admin/subscriber_files.hpp"

#include <fmt/format.h>

#include "csv_format.hpp"
#include "yaml_format.hpp"

namespace meridian::subscriber_admin {

std::optional<file_format> format_named(std::string_view name) noexcept {
  auto ends = [&](std::string_view ext) { return name == ext.substr(1) || name.ends_with(ext); };
  if (ends(".csv")) return file_format::csv;
  if (ends(".yaml") || ends(".yml")) return file_format::yaml;
  return std::nullopt;
}

std::expected<file_format, std::string> resolve_format(std::string_view format_option, std::string_view file) {
  if (!format_option.empty()) {
    auto f = format_named(format_option);
    if (!f) return std::unexpected(fmt::format("--format: '{}' is not csv or yaml", format_option));
    return *f;
  }
  auto f = format_named(file);
  if (!f) return std::unexpected(fmt::format("cannot tell the format of '{}': give --format csv or yaml", file));
  return *f;
}

std::expected<std::vector<udr::subscriber>, std::string> import_subscribers(file_format f, std::string_view text,
                                                                            std::string_view name,
                                                                            const subscriber_defaults& d) {
  return f == file_format::csv ? csv::import(text, name, d) : yaml::import(text, name, d);
}

subscriber_writer::subscriber_writer(file_format f, std::ostream& out, bool with_keys, const subscriber_defaults& d)
    : format_(f), out_(out), with_keys_(with_keys), defaults_(d) {}

void subscriber_writer::begin() {
  if (format_ == file_format::csv) csv::write_header(out_, with_keys_);
}

std::expected<void, std::string> subscriber_writer::add(const udr::subscriber& s) {
  if (format_ == file_format::yaml) {
    if (count_++ == 0) out_ << "subscribers:\n";
    out_ << yaml::mapping(s, with_keys_, "  - ", "    ");
    return {};
  }
  auto row = csv::row(s, with_keys_, defaults_);
  if (!row) return std::unexpected(row.error());
  out_ << *row << '\n';
  ++count_;
  return {};
}

void subscriber_writer::end() {
  // An empty YAML export still reads back as a list.
  if (format_ == file_format::yaml && count_ == 0) out_ << "subscribers: []\n";
  out_.flush();
}

std::string subscriber_yaml(const udr::subscriber& s, bool with_keys) { return yaml::mapping(s, with_keys, "", ""); }

}  // namespace meridian::subscriber_admin
