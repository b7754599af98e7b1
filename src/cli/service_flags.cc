#include "cli/service_flags.h"

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

}  // namespace gmseal::cli
