#include "net/http_client.h"

#include <mutex>

namespace gmseal::net {

namespace {

std::mutex g_mutex;
std::string g_ca_file;

}  // namespace

void set_tls_ca_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_ca_file = path;
}

std::string tls_ca_file() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_ca_file;
}

Result<std::unique_ptr<httplib::Client>> make_client(const std::string& origin) {
  auto client = std::make_unique<httplib::Client>(origin);
  if (!client->is_valid()) {
    return make_error("net.bad_url", "cannot make an HTTP client for '" + origin + "'");
  }
  client->set_tcp_nodelay(true);
  // Without a CA file cpp-httplib verifies against the system store; with one, against it
  // alone. A plain-http client ignores both.
  if (const std::string ca = tls_ca_file(); !ca.empty()) client->set_ca_cert_path(ca.c_str());
  client->enable_server_certificate_verification(true);
  return client;
}

std::string describe_http_error(httplib::Error error, const std::string& ca_file) {
  const std::string trusted = ca_file.empty() ? "the system CA store" : "the CA in " + ca_file;
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "connecting timed out";
    case httplib::Error::Read:
      return "no complete reply (closed or timed out; a TLS port answers plain HTTP this way)";
    case httplib::Error::Write:
      return "sending the request failed";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects";
    case httplib::Error::SSLConnection:
      return "the TLS handshake failed (is the server speaking TLS?)";
    case httplib::Error::SSLLoadingCerts:
      return "the CA certificates for TLS could not be loaded from " + trusted;
    case httplib::Error::SSLServerVerification:
      return "the server's TLS certificate does not verify against " + trusted;
    default:
      return "HTTP client error " + httplib::to_string(error);
  }
}

}  // namespace gmseal::net
