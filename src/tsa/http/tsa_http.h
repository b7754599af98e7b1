// The TSA core (tsa/authority.h) on HTTP: POST with Content-Type application/timestamp-query,
// answered with application/timestamp-reply (RFC 3161 §3.4). Rejections are replies too (HTTP
// 200 with a rejection TimeStampResp); only a wrong method or content type gets an HTTP error.
// One log line per request (spdlog): peer, outcome, serial or failInfo, microseconds; TsaServer
// adds the request line of every service (net/request_log.h).
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "tsa/authority.h"
#include "util/error.h"

namespace gmseal::tsa {

inline constexpr const char* kQueryContentType = "application/timestamp-query";
inline constexpr const char* kReplyContentType = "application/timestamp-reply";
inline constexpr std::size_t kMaxRequestBytes = 64 * 1024;

// The POST handler answering with `authority`, for servers that register handlers themselves
// (`gmseal server --demo` mounts it at /tsa through its ApiServer).
std::function<void(const httplib::Request&, httplib::Response&)> tsa_handler(
    std::shared_ptr<Authority> authority);

// Adds POST `path` to `server`, answering with `authority`: the one call a service makes to
// offer a TSA.
void mount_tsa(httplib::Server& server, const std::string& path,
               std::shared_ptr<Authority> authority);

// A TSA alone on HTTP (`gmseal tsa serve`), with TCP_NODELAY and `threads` workers.
class TsaServer {
 public:
  // `http`: a TLS server from net::make_http_server; null = plain HTTP.
  TsaServer(std::shared_ptr<Authority> authority, int threads = 8,
            std::unique_ptr<httplib::Server> http = nullptr);
  ~TsaServer();
  // Binds and serves in a background thread; returns the port (useful with port 0).
  // Errors: tsa.http.bind_failed.
  Result<int> start(const std::string& host, int port);
  void stop();

 private:
  std::shared_ptr<Authority> authority_;
  std::unique_ptr<httplib::Server> owned_http_;
  httplib::Server& http_;
  std::thread thread_;
};

}  // namespace gmseal::tsa
