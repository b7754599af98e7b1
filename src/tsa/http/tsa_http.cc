#include "tsa/http/tsa_http.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "net/request_log.h"
#include "tsa/response.h"

namespace gmseal::tsa {

std::function<void(const httplib::Request&, httplib::Response&)> tsa_handler(
    std::shared_ptr<Authority> authority) {
  return [authority](const httplib::Request& request, httplib::Response& response) {
    const auto started = std::chrono::steady_clock::now();
    const std::string type = request.get_header_value("Content-Type");
    if (type.rfind(kQueryContentType, 0) != 0) {
      response.status = 415;
      response.set_content(
          "POST a DER TimeStampReq with Content-Type " + std::string(kQueryContentType) + "\n",
          "text/plain");
      spdlog::warn("tsa {} refused: content type '{}'", request.remote_addr, type);
      return;
    }
    if (request.body.size() > kMaxRequestBytes) {
      response.status = 413;
      response.set_content("timestamp request too large\n", "text/plain");
      spdlog::warn("tsa {} refused: {} bytes", request.remote_addr, request.body.size());
      return;
    }
    TsaReply reply;
    try {
      reply = authority->respond(ByteView(
          reinterpret_cast<const std::uint8_t*>(request.body.data()), request.body.size()));
    } catch (const std::exception& e) {
      // respond() does not throw; this keeps a worker alive if something beneath it does.
      reply.der = build_rejection(kSystemFailure, "internal error");
      reply.status = kRejection;
      reply.failure_bit = kSystemFailure;
      reply.detail = e.what();
    }
    response.status = 200;
    response.set_content(std::string(reply.der.begin(), reply.der.end()), kReplyContentType);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    if (reply.status == kGranted) {
      spdlog::info("tsa {} granted serial {} in {} us", request.remote_addr, reply.serial_hex,
                   micros);
    } else {
      spdlog::warn("tsa {} rejection {}: {} ({} us)", request.remote_addr,
                   reply.failure_bit ? failure_name(*reply.failure_bit) : "?", reply.detail,
                   micros);
    }
  };
}

void mount_tsa(httplib::Server& server, const std::string& path,
               std::shared_ptr<Authority> authority) {
  server.Post(path, [path, handler = tsa_handler(std::move(authority))](const httplib::Request& req,
                                                                        httplib::Response& res) {
    net::note_route(path);
    handler(req, res);
  });
}

TsaServer::TsaServer(std::shared_ptr<Authority> authority, int threads,
                     std::unique_ptr<httplib::Server> http)
    : authority_(std::move(authority)),
      owned_http_(http ? std::move(http) : std::make_unique<httplib::Server>()),
      http_(*owned_http_) {
  net::install_request_log(http_);
  http_.set_tcp_nodelay(true);
  http_.set_payload_max_length(kMaxRequestBytes + 1);
  http_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads < 1 ? 1 : threads));
  };
  mount_tsa(http_, "/", authority_);
  mount_tsa(http_, "/tsa", authority_);
}

TsaServer::~TsaServer() { stop(); }

Result<int> TsaServer::start(const std::string& host, int port) {
  const int bound =
      port == 0 ? http_.bind_to_any_port(host) : (http_.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return make_error("tsa.http.bind_failed",
                      "cannot listen on " + host + ":" + std::to_string(port), "listen");
  }
  thread_ = std::thread([this] { http_.listen_after_bind(); });
  return bound;
}

void TsaServer::stop() {
  http_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace gmseal::tsa
