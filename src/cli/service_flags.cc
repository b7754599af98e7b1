#include "cli/service_flags.h"

#include <cstdlib>
#include <stdexcept>

#include "net/http_client.h"
#include "net/service_log.h"

namespace gmseal::cli {

void add_service_flags(CLI::App* command, ServiceFlags& flags) {
  command->add_option("--log-file", flags.log_file,
                      "append the log (one line per request and per step) to this file "
                      "(default: stderr)");
  command
      ->add_option("--log-level", flags.log_level,
                   "trace, debug, info, warn, error or off (default info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  command->add_option("--tls-cert", flags.tls.cert_file,
                      "serve https: the server certificate (PEM, RSA or ECDSA P-256; chain "
                      "after it); needs --tls-key");
  command->add_option("--tls-key", flags.tls.key_file,
                      "the private key of --tls-cert (PEM, not encrypted)");
}

Result<std::unique_ptr<httplib::Server>> start_service(std::string_view service,
                                                       const ServiceFlags& flags) {
  GMSEAL_RETURN_IF_ERROR(net::configure_service_log(service, flags.log_file, flags.log_level));
  return net::make_http_server(flags.tls);
}

void add_tls_ca_flag(CLI::App* command) {
  command
      ->add_option_function<std::string>(
          "--tls-ca", [](const std::string& path) { net::set_tls_ca_file(path); },
          "trust this CA bundle (PEM) for https instead of the system store")
      ->check(CLI::ExistingFile);
}

Result<std::pair<std::string, int>> parse_listen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    try {
      port = std::stoi(text.substr(colon + 1));
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    return make_error("cli.usage",
                      "--listen must be HOST:PORT (PORT 0 picks a free port), got '" + text + "'",
                      "listen");
  }
  return std::pair<std::string, int>{text.substr(0, colon), port};
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

}  // namespace gmseal::cli
