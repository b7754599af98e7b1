// Where a seal's online status lives: the `--status-url` forms of `gmseal verify`.
//
//   a base     http://127.0.0.1:8600/api/v1/status        -> .../api/v1/status/<code>
//   a template https://seals.example/q?code={code}&fmt=1   -> {code} replaced (every occurrence)
//
// The code is percent-encoded (RFC 3986: everything but ALPHA / DIGIT / "-" / "." / "_" / "~"),
// so a seal's esID - text from a file - can never change the path or add a query. Only http and
// https are accepted; a base (no {code}) may carry no query or fragment, since the code could
// not be appended after them.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::status {

// The URL to GET for `code`. Errors: status.bad_url (scheme, host, a base with a query).
Result<std::string> status_url_for(std::string_view url_form, std::string_view code);

// `text` with every byte but the RFC 3986 unreserved characters as %XX (upper-case hex).
std::string percent_encode(std::string_view text);

// An absolute http(s) URL cut into what an HTTP client needs.
struct UrlParts {
  std::string origin;  // "http://127.0.0.1:8600" (scheme and authority)
  std::string target;  // "/api/v1/status/AB430102...", path and query, at least "/"
};
// Errors: status.bad_url. A fragment is dropped (it never goes to the server).
Result<UrlParts> split_url(std::string_view url);

}  // namespace gmseal::status
