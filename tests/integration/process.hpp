#pragma once
// Runs a child process with arguments, no shell, and collects its exit code,
// stdout and stderr. Bounded in time: a child that outlives the timeout is killed.

#include <chrono>
#include <string>
#include <vector>

namespace meridian::test {

struct process_result {
  int exit_code = -1;  ///< -1 when killed by a signal or the timeout
  std::string out;
  std::string err;
};

/// `stdin_file` is what the child reads as standard input.
process_result run_process(const std::string& program, const std::vector<std::string>& args,
                           std::chrono::seconds timeout = std::chrono::seconds(60),
                           const std::string& stdin_file = "/dev/null");

}  // namespace meridian::test
