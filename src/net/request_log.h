// One structured log line per HTTP request a gmseal server answers, and per call a gmseal
// client makes to another service:
//
//   http method=POST route=/api/v1/session status=401 ms=41.7 user=- client=127.0.0.1
//   call peer=province method=POST target=/x/gb/seal/make status=200 ms=12.0 result=0
//
// Lines carry the route pattern (not the query string), the caller's name and address, never a
// body or a header: no password, PIN, token or key can reach the log through them.
// Levels: 5xx answers at error; 401/403/429 answers and failed calls at warn; the rest at info.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace gmseal::net {

// Logs every request `server` answers (including 404s, static files and requests a handler
// threw on) when it is answered.
void install_request_log(httplib::Server& server);

// Called by a route's handler for the request being served on this thread: the route pattern
// it was registered under, and who called (user name; the API client's label when a key was
// used). Both appear in the request's line.
void note_route(std::string_view pattern);
void note_caller(std::string_view user, std::string_view api_client = {});

// One line for a call to another service. `status` 0 = no HTTP reply; `outcome` is a short
// word from the reply (a resultCode) or the failure.
void log_call(std::string_view peer, std::string_view method, std::string_view target, int status,
              double ms, std::string_view outcome);

}  // namespace gmseal::net
