#include "status/http_get.h"

#include <httplib.h>

#include "net/http_client.h"
#include "status/status_url.h"

namespace gmseal::status {

Result<HttpReply> http_get(const std::string& url, std::chrono::seconds timeout,
                           const std::string& tls_ca_file) {
  GMSEAL_ASSIGN_OR_RETURN(const UrlParts parts, split_url(url));
  httplib::Client client(parts.origin);
  if (!client.is_valid()) {
    return make_error("status.bad_url", "cannot make an HTTP client for " + parts.origin,
                      "--status-url");
  }
  client.set_tcp_nodelay(true);
  // The caller's bundle, else the process's (--tls-ca), else the system store.
  const std::string ca_file = tls_ca_file.empty() ? net::tls_ca_file() : tls_ca_file;
  if (!ca_file.empty()) client.set_ca_cert_path(ca_file);
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
    return make_error(
        "status.fetch.unreachable",
        "GET " + url + " failed: " + net::describe_http_error(result.error(), ca_file));
  }
  reply.status = result->status;
  return reply;
}

}  // namespace gmseal::status
