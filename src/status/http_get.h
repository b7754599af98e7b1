// One HTTP(S) GET for the status client, with a size cap and timeouts.
//
// cpp-httplib, TCP_NODELAY on (docs/architecture.md). https:// works because Debian's
// cpp-httplib is built with OpenSSL: the server certificate is checked against the system's CA
// store, or against a given PEM bundle (platforms on a private CA). Redirects are followed (the
// answer is signed, so where it came from does not matter).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "util/error.h"

namespace gmseal::status {

struct HttpReply {
  int status = 0;  // HTTP status code
  std::string content_type;
  std::string body;
};

// Bodies above this are refused: a status answer is well under 2 KiB.
inline constexpr std::size_t kMaxReplyBytes = 64 * 1024;

// GETs `url`; any HTTP status is a reply. `tls_ca_file`, when not empty, is the PEM bundle an
// https server's certificate must chain to (instead of the system store). Errors:
// status.bad_url, status.fetch.unreachable (no connection, timeout, TLS failure),
// status.fetch.too_large (body over kMaxReplyBytes).
Result<HttpReply> http_get(const std::string& url, std::chrono::seconds timeout,
                           const std::string& tls_ca_file = "");

}  // namespace gmseal::status
