// The HTTP client every gmseal client uses (platform client, province client, TSA client):
// https is verified against the CA bundle given with --tls-ca, or the system store when none
// was given. Verification is never switched off.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "util/error.h"

namespace gmseal::net {

// The CA bundle (PEM) https clients of this process trust instead of the system store. The CLI
// sets it once, before any client is made (--tls-ca); empty = the system store.
void set_tls_ca_file(const std::string& path);
std::string tls_ca_file();

// A client for `origin` ("http://host:port" or "https://host:port"), TCP_NODELAY on, trusting
// tls_ca_file(). Errors: net.bad_url (cpp-httplib cannot make a client for it).
Result<std::unique_ptr<httplib::Client>> make_client(const std::string& origin);

// What a failed request's error means, in words ("the server's TLS certificate does not verify
// against the CA in ca.pem"). `ca_file`: the bundle the client trusted (empty: the system store).
std::string describe_http_error(httplib::Error error, const std::string& ca_file);

}  // namespace gmseal::net
