#include "service/http/api_server.h"

#include <iomanip>
#include <sstream>

#include "net/request_log.h"
#include "service/http/api_error.h"
#include "service/http/response_body.h"
#include "util/json_text.h"

namespace gmseal::service {

void Metrics::count(const std::string& route, int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
}

void Metrics::set_gauge(const std::string& name, const std::string& help, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_[name] = {help, value};
}

std::string Metrics::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  // Enough digits for Unix-time gauges (the default 6 would print 1.79636e+09).
  out << std::setprecision(15);
  out << "# HELP gmseal_http_requests_total HTTP requests by route pattern and status.\n"
      << "# TYPE gmseal_http_requests_total counter\n";
  for (const auto& [key, value] : requests_) {
    out << "gmseal_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << value << "\n";
  }
  for (const auto& [name, entry] : gauges_) {
    out << "# HELP " << name << " " << entry.first << "\n# TYPE " << name << " gauge\n"
        << name << " " << entry.second << "\n";
  }
  return out.str();
}

std::optional<nlohmann::json> parse_json_body(const httplib::Request& request,
                                              httplib::Response& response) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    send_error(response, 400, "bad_request", "the request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

void send_json(httplib::Response& response, const nlohmann::json& body, int status) {
  response.status = status;
  response.set_content(json_text(body), kJsonType);
}

ApiServer::ApiServer(std::shared_ptr<UserStore> users, int threads)
    : ApiServer(std::move(users), threads, std::make_unique<httplib::Server>()) {}

ApiServer::ApiServer(std::shared_ptr<UserStore> users, int threads,
                     std::unique_ptr<httplib::Server> http)
    : users_(std::move(users)), owned_http_(std::move(http)), http_(*owned_http_) {
  net::install_request_log(http_);
  // Without TCP_NODELAY keep-alive request/response pairs stall on delayed ACKs
  // (~300 req/s instead of tens of thousands on loopback).
  http_.set_tcp_nodelay(true);
  // cpp-httplib closes a keep-alive connection after 5 requests by default, so a busy client
  // reconnected every 5th request (connect/accept/close and a new pool task each time). 100
  // keeps that cost negligible while a connection still hands its pool thread back often
  // enough for queued connections (each connection holds one thread while it is served).
  http_.set_keep_alive_max_count(100);
  http_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_.set_payload_max_length(16 << 20);
  http_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        send_error(res, 500, "internal", what);
      });
  // Errors cpp-httplib answers itself (413 for an oversized body, 400 for a malformed request)
  // get the API's JSON error body too.
  http_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      send_error(res, 413, "request.too_large", "the request body is larger than this API takes");
    } else if (res.status == 404) {
      send_error(res, 404, "not_found", "no such endpoint");
    } else {
      send_error(res, res.status, "bad_request", "the request could not be read");
    }
  });
  get_public("/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"status", "ok"}});
  });
  get_public("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    if (refresh_) refresh_(metrics_);
    res.set_content(metrics_.render(), "text/plain; version=0.0.4");
  });
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::wrap(const std::string& method, const std::string& pattern, std::set<Role> roles,
                     JsonHandler handler) {
  auto body = [this, method, pattern, roles = std::move(roles), handler = std::move(handler)](
                  const httplib::Request& req, httplib::Response& res) {
    net::note_route(pattern);
    const std::string header = req.get_header_value("Authorization");
    const std::string api_key = req.get_header_value("X-API-Key");
    const std::string token = header.rfind("Bearer ", 0) == 0 ? header.substr(7) : api_key;
    if (token.empty()) {
      send_error(res, 401, "unauthenticated",
                 "this endpoint needs 'Authorization: Bearer <token>' (or 'X-API-Key: <key>')");
    } else if (auto user = users_->authenticate(token); !user.ok()) {
      send_error(res, user.error());
    } else {
      net::note_caller(user->username);
      bool allowed = roles.empty();
      for (Role r : roles) allowed = allowed || user->has(r);
      if (!allowed) {
        std::string needed;
        for (Role r : roles) needed += (needed.empty() ? "" : " or ") + std::string(to_string(r));
        send_error(res, 403, "forbidden", "this endpoint needs the role " + needed);
      } else {
        handler(req, res, Caller{*user, req.remote_addr, user->api_client});
      }
    }
    metrics_.count(method + " " + pattern, res.status);
  };
  if (method == "GET") {
    http_.Get(pattern, body);
  } else {
    http_.Post(pattern, body);
  }
}

void ApiServer::get(const std::string& pattern, std::set<Role> roles, JsonHandler handler) {
  wrap("GET", pattern, std::move(roles), std::move(handler));
}
void ApiServer::post(const std::string& pattern, std::set<Role> roles, JsonHandler handler) {
  wrap("POST", pattern, std::move(roles), std::move(handler));
}

void ApiServer::get_public(const std::string& pattern, PublicHandler handler) {
  // The route's metrics name is made once, not on every request (the public status query is
  // the hot path).
  http_.Get(pattern, [this, route = "GET " + pattern, handler = std::move(handler)](
                         const httplib::Request& req, httplib::Response& res) {
    net::note_route(route.c_str() + 4);  // the pattern after "GET "
    handler(req, res);
    metrics_.count(route, res.status);
  });
}

void ApiServer::post_public(const std::string& pattern, PublicHandler handler) {
  http_.Post(pattern, [this, pattern, handler = std::move(handler)](const httplib::Request& req,
                                                                    httplib::Response& res) {
    net::note_route(pattern);
    handler(req, res);
    metrics_.count("POST " + pattern, res.status);
  });
}

void ApiServer::set_max_body_bytes(std::size_t bytes) { http_.set_payload_max_length(bytes); }

Status ApiServer::start(const std::string& host, int port) {
  port_ = port == 0 ? http_.bind_to_any_port(host) : (http_.bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) {
    return make_error("server.bind_failed", "cannot listen on " + host + ":" +
                                                std::to_string(port) +
                                                " (address in use or not permitted)");
  }
  thread_ = std::thread([this] { http_.listen_after_bind(); });
  return {};
}

void ApiServer::stop() {
  if (thread_.joinable()) {
    http_.stop();
    thread_.join();
  }
}

}  // namespace gmseal::service
