// A `gmseal server` child process (the real binary, GMSEAL_BINARY), for tests that kill nodes
// or run several of them. The child inherits the test's environment (GMSEAL_ADMIN_USER...).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/error.h"

namespace gmseal::testing {

class ServerProcess {
 public:
  // Runs `gmseal server ARGS --listen 127.0.0.1:0 --port-file ...` with its output in `log`, and
  // waits (up to `timeout_seconds`) until /healthz answers. Errors: test.server_start.
  // `command` names the service: {"server"} or {"signing", "serve"}.
  static Result<std::unique_ptr<ServerProcess>> start(
      const std::vector<std::string>& args, const std::filesystem::path& log,
      int timeout_seconds = 60, const std::vector<std::string>& command = {"server"});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // SIGKILL: no shutdown code runs (a crash or a power cut as far as the store can tell).
  void kill_hard();
  // SIGTERM and wait for a clean exit; returns the exit status.
  int stop();

 private:
  ServerProcess(pid_t pid, int port) : pid_(pid), port_(port) {}
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace gmseal::testing
