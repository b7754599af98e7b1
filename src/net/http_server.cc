#include "net/http_server.h"

#include <filesystem>

namespace gmseal::net {

Result<std::unique_ptr<httplib::Server>> make_http_server(const TlsServerFiles& tls) {
  if (!tls.enabled()) return std::make_unique<httplib::Server>();
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    return make_error("net.tls.incomplete", "TLS needs both --tls-cert and --tls-key",
                      tls.cert_file.empty() ? "tls-cert" : "tls-key");
  }
  for (const std::string& file : {tls.cert_file, tls.key_file}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      return make_error("net.tls.bad_server_files", "cannot read " + file,
                        file == tls.cert_file ? "tls-cert" : "tls-key");
    }
  }
  // SSLServer loads both files and checks that the key matches the certificate.
  auto server = std::make_unique<httplib::SSLServer>(tls.cert_file.c_str(), tls.key_file.c_str());
  if (!server->is_valid()) {
    return make_error("net.tls.bad_server_files",
                      "cannot use " + tls.cert_file + " with " + tls.key_file +
                          " for TLS: not PEM, an encrypted key, or a key that does not belong "
                          "to the certificate",
                      "tls-cert");
  }
  return std::unique_ptr<httplib::Server>(std::move(server));
}

}  // namespace gmseal::net
