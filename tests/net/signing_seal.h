// A standalone signing service (`gmseal signing serve --demo`, no platform) made ready to sign,
// for the service-edge tests: a seal request over the API, a seal for the key it generated made
// with the gmseal CLI and a test CA in `dir`, imported and granted to the demo user `signer`.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cli/cli_test_support.h"
#include "util/error.h"

namespace gmseal::testing {

// POST `path` with a JSON body and, when given, a bearer token.
httplib::Result post_json(httplib::Client& client, const std::string& path,
                          const nlohmann::json& body, const std::string& token = {});

// The bearer token of `user`. Errors: test.log_in (with the answer).
Result<std::string> log_in(httplib::Client& client, const std::string& user,
                           const std::string& password);

// The code of a seal held by the service at `client`, granted to `signer` for every kind.
// `password` is the demo users' password; `es_id` the seal's code (a platform seal code by
// default). Errors: test.signing_seal (with the failing step and the service's answer).
Result<std::string> prepare_signing_seal(httplib::Client& client, const ScratchDir& dir,
                                         const std::string& password,
                                         const std::string& es_id = "HNGMSL43010200000001");

}  // namespace gmseal::testing
