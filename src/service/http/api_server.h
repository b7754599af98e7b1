// service::ApiServer: a service's HTTP JSON API (cpp-httplib, TCP_NODELAY on) under /api/v1,
// with bearer-token authentication, role checks, Prometheus /metrics and /healthz, plain or TLS,
// and one log line per request (net/request_log.h).
//
// Routes are added by the route files in src/server/api (one area each) through Routes.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "service/auth/users.h"

namespace gmseal::service {

// What a handler knows about its caller.
struct Caller {
  User user;
  std::string source;      // remote address
  std::string api_client;  // the API key's label; empty for a session
};

using JsonHandler = std::function<void(const httplib::Request&, httplib::Response&, const Caller&)>;
using PublicHandler = std::function<void(const httplib::Request&, httplib::Response&)>;

// Counts requests per route and status for /metrics.
class Metrics {
 public:
  void count(const std::string& route, int status);
  void set_gauge(const std::string& name, const std::string& help, double value);
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, std::pair<std::string, double>> gauges_;
};

class ApiServer {
 public:
  explicit ApiServer(std::shared_ptr<UserStore> users, int threads = 8);
  // On `http`: a TLS server from net::make_http_server, or a plain one.
  ApiServer(std::shared_ptr<UserStore> users, int threads, std::unique_ptr<httplib::Server> http);
  ~ApiServer();

  // Registration (before start()). `roles` empty = any authenticated user.
  void get(const std::string& pattern, std::set<Role> roles, JsonHandler handler);
  void post(const std::string& pattern, std::set<Role> roles, JsonHandler handler);
  void get_public(const std::string& pattern, PublicHandler handler);
  void post_public(const std::string& pattern, PublicHandler handler);
  // Request bodies above this are refused with 413 request.too_large (default 16 MiB).
  void set_max_body_bytes(std::size_t bytes);

  // Binds and serves in a background thread. Errors: server.bind_failed.
  Status start(const std::string& host, int port);
  void stop();
  int port() const { return port_; }

  Metrics& metrics() { return metrics_; }
  // Called at each /metrics scrape, to refresh gauges.
  void on_scrape(std::function<void(Metrics&)> refresh) { refresh_ = std::move(refresh); }

 private:
  void wrap(const std::string& method, const std::string& pattern, std::set<Role> roles,
            JsonHandler handler);

  std::shared_ptr<UserStore> users_;
  std::unique_ptr<httplib::Server> owned_http_;
  httplib::Server& http_;
  std::thread thread_;
  int port_ = 0;
  Metrics metrics_;
  std::function<void(Metrics&)> refresh_;
};

// Parses the request body as a JSON object; on failure sends 400 and returns nullopt.
std::optional<nlohmann::json> parse_json_body(const httplib::Request& request,
                                              httplib::Response& response);
void send_json(httplib::Response& response, const nlohmann::json& body, int status = 200);

}  // namespace gmseal::service
