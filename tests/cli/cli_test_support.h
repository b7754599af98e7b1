// Running the gmseal binary (and openssl) from tests: a scratch folder and a command runner.
#pragma once

#include <filesystem>
#include <string>

namespace gmseal::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh in `dir`, capturing output.
CommandResult run_command(const std::string& command, const std::filesystem::path& dir);

// A fresh folder under the system temp directory, removed on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Runs the gmseal binary with `arguments` in this folder.
  CommandResult gmseal(const std::string& arguments) const;
  CommandResult run(const std::string& command) const { return run_command(command, path_); }

 private:
  std::filesystem::path path_;
};

}  // namespace gmseal::testing
