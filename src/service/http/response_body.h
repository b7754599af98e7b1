// Response bodies whose compression gmseal decides, not cpp-httplib.
//
// Debian's cpp-httplib 0.11 compresses every response whose Content-Type is exactly
// "application/json", "image/svg+xml", "application/javascript" (and a few more) or starts with
// "text/", with brotli at quality 11 whenever the client accepts "br", as browsers do. Quality 11
// costs about 0.6 s per MB here: 2.4 s for pdf.js's worker script and seconds for a JSON answer
// that carries a signed document, for every request. The rule compares the whole header value,
// so a type with a parameter ("application/json; charset=utf-8") is left alone; gmseal sends
// its bodies with such types and, where compressing pays, gzips them itself (zlib, once per file
// for static files).
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

namespace gmseal::service {

// The JSON type of every API answer (left uncompressed: small, or base64 that gains little).
inline constexpr const char* kJsonType = "application/json; charset=utf-8";

// `data` as a gzip member (RFC 1952) at zlib `level`; nullopt if zlib fails.
std::optional<std::string> gzip_compress(std::string_view data, int level);

// True when the request's Accept-Encoding allows gzip (and does not refuse it with q=0).
bool accepts_gzip(const httplib::Request& request);

// Sets `body` as `type` (which must carry a parameter, e.g. "; charset=utf-8", so that
// cpp-httplib does not compress it again), gzipped when the client accepts gzip, the body is at
// least 1 KiB and gzip makes it smaller. Adds Vary: Accept-Encoding.
void set_text_body(const httplib::Request& request, httplib::Response& response, std::string body,
                   const std::string& type, int level = 6);

}  // namespace gmseal::service
