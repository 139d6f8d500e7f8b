#pragma once
// What a shell command prints on stdout (add 2>&1 to the command for stderr
// too); the tests use it to read tshark's and ip's view of what we wrote.

#include <cstdio>
#include <string>

namespace meridian::test {

inline std::string command_output(const std::string& command) {
  std::string out;
  if (FILE* f = ::popen(command.c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    ::pclose(f);
  }
  return out;
}

}  // namespace meridian::test
