#include "net/request_log.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace gmseal::net {

namespace {

using Clock = std::chrono::steady_clock;

// What the handler told about the request being served on this thread. cpp-httplib runs
// routing, the handler and the logger of one request on one thread.
struct RequestNote {
  bool started = false;
  Clock::time_point start;
  std::string route;
  std::string user;
  std::string api_client;
};

thread_local RequestNote t_note;

// A value as one token: spaces and control characters (a log line is one line) become '_'.
std::string token(std::string_view value) {
  if (value.empty()) return "-";
  std::string out(value);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) c = '_';
  }
  return out;
}

spdlog::level::level_enum level_for(int status) {
  if (status >= 500 || status <= 0) return spdlog::level::err;
  if (status == 401 || status == 403 || status == 429) return spdlog::level::warn;
  return spdlog::level::info;
}

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

void install_request_log(httplib::Server& server) {
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_note = RequestNote{};
    t_note.started = true;
    t_note.start = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    const RequestNote note = std::move(t_note);
    t_note = RequestNote{};
    const double ms = note.started ? elapsed_ms(note.start) : 0.0;
    // An unrouted request (404, a static file, a request refused before routing) has no
    // pattern: its path stands in (paths carry no secret; the query string is left out).
    const std::string route =
        note.route.empty() ? "path=" + token(req.path) : "route=" + note.route;
    std::string caller = "user=" + token(note.user);
    if (!note.api_client.empty()) caller += " api_client=" + token(note.api_client);
    spdlog::log(level_for(res.status), "http method={} {} status={} ms={:.1f} {} client={}",
                token(req.method), route, res.status, ms, caller, token(req.remote_addr));
  });
}

void note_route(std::string_view pattern) { t_note.route = token(pattern); }

void note_caller(std::string_view user, std::string_view api_client) {
  t_note.user = user;
  t_note.api_client = api_client;
}

void log_call(std::string_view peer, std::string_view method, std::string_view target, int status,
              double ms, std::string_view outcome) {
  const bool failed = status != 200 && !(status > 0 && status < 400);
  spdlog::log(failed ? spdlog::level::warn : spdlog::level::info,
              "call peer={} method={} target={} status={} ms={:.1f} result={}", token(peer),
              token(method), token(target), status, ms, token(outcome));
}

}  // namespace gmseal::net
