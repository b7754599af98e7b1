#include "status/http_get.h"

#include <httplib.h>

#include "status/status_url.h"

namespace gmseal::status {

namespace {

// What went wrong, in words (cpp-httplib's own names are terse: "Connection").
std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "connecting timed out";
    case httplib::Error::Read:
      return "no complete reply (closed or timed out)";
    case httplib::Error::Write:
      return "sending the request failed";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects";
    case httplib::Error::SSLConnection:
      return "the TLS handshake failed";
    case httplib::Error::SSLLoadingCerts:
      return "the CA certificates for TLS could not be loaded";
    case httplib::Error::SSLServerVerification:
      return "the server's TLS certificate does not verify";
    default:
      return "HTTP client error " + httplib::to_string(error);
  }
}

}  // namespace

Result<HttpReply> http_get(const std::string& url, std::chrono::seconds timeout,
                           const std::string& tls_ca_file) {
  GMSEAL_ASSIGN_OR_RETURN(const UrlParts parts, split_url(url));
  httplib::Client client(parts.origin);
  if (!client.is_valid()) {
    return make_error("status.bad_url", "cannot make an HTTP client for " + parts.origin,
                      "--status-url");
  }
  client.set_tcp_nodelay(true);
  if (!tls_ca_file.empty()) client.set_ca_cert_path(tls_ca_file);
  client.set_follow_location(true);
  client.set_connection_timeout(static_cast<time_t>(timeout.count()), 0);
  client.set_read_timeout(static_cast<time_t>(timeout.count()), 0);
  client.set_write_timeout(static_cast<time_t>(timeout.count()), 0);

  HttpReply reply;
  bool too_large = false;
  auto result = client.Get(
      parts.target, httplib::Headers{{"Accept", "application/json"}},
      [&reply](const httplib::Response& response) {
        // Called again for each redirect hop: the last response's status counts.
        reply.status = response.status;
        reply.content_type = response.get_header_value("Content-Type");
        reply.body.clear();
        return true;
      },
      [&reply, &too_large](const char* data, std::size_t length) {
        if (reply.body.size() + length > kMaxReplyBytes) {
          too_large = true;
          return false;
        }
        reply.body.append(data, length);
        return true;
      });
  if (too_large) {
    return make_error("status.fetch.too_large", "GET " + url + ": the reply is larger than " +
                                                    std::to_string(kMaxReplyBytes) + " bytes");
  }
  if (!result) {
    return make_error("status.fetch.unreachable",
                      "GET " + url + " failed: " + describe(result.error()));
  }
  reply.status = result->status;
  return reply;
}

}  // namespace gmseal::status
