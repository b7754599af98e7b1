// Running the gmseal binary (and openssl) from tests: a scratch folder and a command runner.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace gmseal::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh in `dir`, capturing output.
CommandResult run_command(const std::string& command, const std::filesystem::path& dir);

// Starts `argv` (argv[0] a path) as a child process with its stdout and stderr appended to
// `output`, and `env` entries ("NAME=value") added to this process's environment. Returns the
// child's pid, or -1 when it could not be started.
pid_t spawn_logged(const std::vector<std::string>& argv, const std::filesystem::path& output,
                   const std::vector<std::string>& env = {});

// SIGTERM to the child `pid`, then waits for it; returns its exit status (128 + signal when a
// signal ended it).
int terminate_child(pid_t pid);

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
