// The HTTP server object of every gmseal service (platform, province emulator, TSA): plain
// HTTP, or TLS (cpp-httplib's SSLServer on OpenSSL) when a certificate and key are given.
//
// OpenSSL 3.0's TLS has no SM2 cipher suites (RFC 8998 / GB/T 38636 TLCP are not in it), so the
// server certificate is RSA or ECDSA (P-256); the SM2 signatures stay in the messages.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "util/error.h"

namespace gmseal::net {

// A server's certificate chain and private key, PEM files. Both empty: plain HTTP.
struct TlsServerFiles {
  std::string cert_file;
  std::string key_file;

  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// Errors: net.tls.incomplete (only one of the two files), net.tls.bad_server_files (a file
// cannot be read or parsed, or the key does not belong to the certificate).
Result<std::unique_ptr<httplib::Server>> make_http_server(const TlsServerFiles& tls);

}  // namespace gmseal::net
