#include "cli/cli_test_support.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <random>

namespace gmseal::testing {

CommandResult run_command(const std::string& command, const std::filesystem::path& dir) {
  const std::string full = "cd '" + dir.string() + "' && { " + command + " ; } 2>&1";
  CommandResult result;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ScratchDir::ScratchDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("gmseal-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult ScratchDir::gmseal(const std::string& arguments) const {
  return run(std::string("'") + GMSEAL_BINARY + "' " + arguments);
}

}  // namespace gmseal::testing
