// cli::PlatformClient: the second-level platform's HTTP API (docs/api.md) as the `gmseal client`
// commands use it: a session opened with a user's password, JSON calls and file downloads with
// its bearer token, closed (logged out) on destruction.
//
// `url` is the platform's root, http:// or https://, optionally with a path prefix
// ("https://seal.example/platform"). Not thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "util/bytes.h"
#include "util/error.h"

namespace httplib {
class Client;
}

namespace gmseal::cli {

class PlatformClient {
 public:
  // POST /api/v1/session. Errors: client.bad_url, client.no_reply (with the transport's
  // reason), and the platform's own error codes (auth.bad_credentials, ...).
  static Result<std::unique_ptr<PlatformClient>> login(const std::string& url,
                                                       const std::string& user,
                                                       const std::string& password);
  ~PlatformClient();  // logs out
  PlatformClient(const PlatformClient&) = delete;
  PlatformClient& operator=(const PlatformClient&) = delete;

  // `path` starts at /api/v1. A non-2xx answer becomes the platform's error {code, message,
  // field}, its message prefixed with the request; a 2xx answer that is not JSON is
  // client.bad_reply.
  Result<nlohmann::json> get_json(const std::string& path);
  Result<nlohmann::json> post_json(const std::string& path, const nlohmann::json& body);
  Result<Bytes> get_bytes(const std::string& path);

 private:
  PlatformClient(std::unique_ptr<httplib::Client> http, std::string base_path);
  std::unique_ptr<httplib::Client> http_;
  std::string base_path_;
  std::string token_;
};

}  // namespace gmseal::cli
