// A `gmseal SUBCOMMAND ...` service process for tests (the real binary, GMSEAL_BINARY): started
// with `--listen 127.0.0.1:0 --port-file F`, ready once the port is written and accepts TCP
// connections (which works for TLS and plain ports alike). Its stdout and stderr go to a file.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/error.h"

namespace gmseal::testing {

class ServiceProcess {
 public:
  // `args` start with the subcommand ("server", "province", "serve"...). Extra environment
  // entries ("NAME=value") are added to the test's own. Errors: test.service_start.
  static Result<std::unique_ptr<ServiceProcess>> start(const std::vector<std::string>& args,
                                                       const std::filesystem::path& output,
                                                       const std::vector<std::string>& env = {},
                                                       int timeout_seconds = 60);
  ~ServiceProcess();  // SIGTERM, then wait
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  int port() const { return port_; }
  // SIGTERM and wait; returns the exit status.
  int stop();

 private:
  ServiceProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  int port_ = 0;
};

// The whole of a text file ("" when absent).
std::string read_text(const std::filesystem::path& file);

}  // namespace gmseal::testing
