// The flags every gmseal service takes (gmseal server, province serve, tsa serve, and the
// signing service), in one place:
//   --log-file PATH     append the log here (default: stderr)
//   --log-level LEVEL   trace|debug|info|warn|error|off (default info)
//   --tls-cert PEM      serve https with this certificate (chain) ...
//   --tls-key PEM       ... and its private key (both or neither)
// and the one every client of a gmseal service takes:
//   --tls-ca PEM        trust this CA bundle for https instead of the system store
#pragma once

#include <httplib.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "net/http_server.h"
#include "util/error.h"

namespace gmseal::cli {

struct ServiceFlags {
  std::string log_file;
  std::string log_level = "info";
  net::TlsServerFiles tls;

  // "https" with TLS, else "http" (for the banner and printed URLs).
  std::string scheme() const { return tls.enabled() ? "https" : "http"; }
};

void add_service_flags(CLI::App* command, ServiceFlags& flags);

// Sets up the process log for `service` ("platform", "province", "tsa"...) and makes the HTTP
// server object (TLS when asked). Errors: net.log.*, net.tls.*.
Result<std::unique_ptr<httplib::Server>> start_service(std::string_view service,
                                                       const ServiceFlags& flags);

// --tls-ca PEM on a command that calls a gmseal service (net::set_tls_ca_file).
void add_tls_ca_flag(CLI::App* command);

// --listen "HOST:PORT" (port 0 = any free port). Errors: cli.usage, field "listen".
Result<std::pair<std::string, int>> parse_listen(const std::string& text);

// The environment variable `name`, or `fallback` when unset (GMSEAL_ADMIN_USER and friends).
std::string env_or(const char* name, const std::string& fallback = {});

}  // namespace gmseal::cli
