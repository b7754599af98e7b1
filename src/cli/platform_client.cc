#include "cli/platform_client.h"
#include "util/json_text.h"

#include <httplib.h>

#include "net/http_client.h"

namespace gmseal::cli {

namespace {

using nlohmann::json;

constexpr int kTimeoutSeconds = 30;

// The answer of one request: its body when the status is 2xx, else the platform's error.
Result<std::string> body_of(const httplib::Result& result, const std::string& what) {
  if (!result) {
    return make_error("client.no_reply",
                      what + ": no answer from the platform (" +
                          net::describe_http_error(result.error(), net::tls_ca_file()) + ")");
  }
  if (result->status >= 200 && result->status < 300) return result->body;
  const json error = json::parse(result->body, nullptr, false);
  if (error.is_object() && error.contains("code") && error.at("code").is_string()) {
    const std::string field = error.value("field", json()).is_string()
                                  ? error.at("field").get<std::string>()
                                  : std::string();
    return make_error(error.at("code").get<std::string>(),
                      what + ": HTTP " + std::to_string(result->status) + ": " +
                          error.value("message", std::string()),
                      field);
  }
  return make_error("client.bad_reply",
                    what + ": HTTP " + std::to_string(result->status) + " without an error body");
}

Result<json> json_of(const Result<std::string>& body, const std::string& what) {
  if (!body.ok()) return body.error();
  json parsed = json::parse(*body, nullptr, false);
  if (parsed.is_discarded()) {
    return make_error("client.bad_reply", what + ": the answer is not JSON");
  }
  return parsed;
}

}  // namespace

Result<std::unique_ptr<PlatformClient>> PlatformClient::login(const std::string& url,
                                                              const std::string& user,
                                                              const std::string& password) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos ||
      (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0)) {
    return make_error("client.bad_url",
                      "--server must be an http:// or https:// URL, not '" + url + "'", "server");
  }
  const std::size_t path_start = url.find('/', scheme_end + 3);
  std::string base_path = path_start == std::string::npos ? "" : url.substr(path_start);
  while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
  auto made = net::make_client(url.substr(0, path_start));  // https: verified (--tls-ca)
  if (!made.ok()) {
    return make_error("client.bad_url", "cannot use the platform URL '" + url + "'", "server");
  }
  std::unique_ptr<httplib::Client> http = std::move(made).value();
  http->set_connection_timeout(kTimeoutSeconds, 0);
  http->set_read_timeout(kTimeoutSeconds, 0);
  std::unique_ptr<PlatformClient> client(new PlatformClient(std::move(http), base_path));
  GMSEAL_ASSIGN_OR_RETURN(
      const json session,
      client->post_json("/api/v1/session", {{"username", user}, {"password", password}}));
  if (!session.contains("token") || !session.at("token").is_string()) {
    return make_error("client.bad_reply", "POST /api/v1/session: the answer has no token");
  }
  client->token_ = session.at("token").get<std::string>();
  return client;
}

PlatformClient::PlatformClient(std::unique_ptr<httplib::Client> http, std::string base_path)
    : http_(std::move(http)), base_path_(std::move(base_path)) {}

PlatformClient::~PlatformClient() {
  if (token_.empty()) return;
  (void)http_->Post((base_path_ + "/api/v1/session/logout").c_str(),
                    httplib::Headers{{"Authorization", "Bearer " + token_}}, "{}",
                    "application/json");
}

Result<json> PlatformClient::get_json(const std::string& path) {
  const std::string what = "GET " + path;
  httplib::Headers headers{{"Authorization", "Bearer " + token_}};
  return json_of(body_of(http_->Get((base_path_ + path).c_str(), headers), what), what);
}

Result<json> PlatformClient::post_json(const std::string& path, const json& body) {
  const std::string what = "POST " + path;
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  return json_of(body_of(http_->Post((base_path_ + path).c_str(), headers, json_text(body),
                                     "application/json"),
                         what),
                 what);
}

Result<Bytes> PlatformClient::get_bytes(const std::string& path) {
  httplib::Headers headers{{"Authorization", "Bearer " + token_}};
  GMSEAL_ASSIGN_OR_RETURN(const std::string body,
                          body_of(http_->Get((base_path_ + path).c_str(), headers), "GET " + path));
  return Bytes(body.begin(), body.end());
}

}  // namespace gmseal::cli
