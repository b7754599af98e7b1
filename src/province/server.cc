#include "province/server.h"

#include <httplib.h>

#include <spdlog/spdlog.h>

#include <chrono>

#include "net/request_log.h"

#include "protocol/status_messages.h"
#include "util/json_text.h"

namespace gmseal::province {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

// Applies reply-side faults to a processed reply; returns false when the reply must be
// dropped.
void send_reply(httplib::Response& res, const protocol::Json& reply,
                const std::vector<FaultSpec>& faults) {
  protocol::Json out = reply;
  for (const auto& fault : faults) {
    if (fault.kind == FaultKind::kBadSignature && out.contains("signInfo")) {
      auto raw = base64_decode(out["signInfo"].value("signValue", std::string()));
      if (raw.ok() && !raw->empty()) {
        (*raw)[raw->size() / 2] ^= 0x01;
        out["signInfo"]["signValue"] = base64_encode(*raw);
      }
    }
  }
  std::string body = json_text(out);
  for (const auto& fault : faults) {
    if (fault.kind == FaultKind::kMalformed) body = body.substr(0, body.size() / 2);
    if (fault.kind == FaultKind::kDrop) {
      // Headers announce a body that never comes; cpp-httplib closes the connection when the
      // provider fails.
      res.set_content_provider(body.size(), kJson,
                               [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
      return;
    }
  }
  res.set_content(body, kJson);
}

}  // namespace

ProvinceServer::ProvinceServer(std::shared_ptr<ProvinceService> service,
                               std::vector<FaultSpec> faults)
    : ProvinceServer(std::move(service), std::move(faults), std::make_unique<httplib::Server>()) {}

ProvinceServer::ProvinceServer(std::shared_ptr<ProvinceService> service,
                               std::vector<FaultSpec> faults, std::unique_ptr<httplib::Server> http)
    : service_(std::move(service)), faults_(std::move(faults)), http_(std::move(http)) {
  net::install_request_log(*http_);
  http_->set_tcp_nodelay(true);
  http_->set_payload_max_length(protocol::kMaxMessageBytes);
  install_routes();
}

ProvinceServer::~ProvinceServer() { stop(); }

void ProvinceServer::install_routes() {
  const std::string base = service_->data().config().base_path;
  // Wraps a handler with fault injection; `process` returns the outcome (its reply signed, or an
  // error answer with its HTTP status when signing failed).
  const auto route = [this](std::string path, auto process) {
    return [this, path, process](const httplib::Request& req, httplib::Response& res) {
      net::note_route(path);
      const auto faults = faults_for(faults_, ++sequence_);
      for (const auto& fault : faults) {
        if (fault.kind == FaultKind::kDelay) {
          std::this_thread::sleep_for(std::chrono::milliseconds(fault.delay_ms));
        }
      }
      for (const auto& fault : faults) {
        if (fault.kind == FaultKind::k5xx) {
          res.status = 503;
          res.set_content("{\"error\":\"injected fault 5xx\"}", kJson);
          return;
        }
      }
      const Outcome outcome = process(req);
      spdlog::log(outcome.result_code == "0" ? spdlog::level::info : spdlog::level::warn,
                  "province exchange route={} org={} result={} violations={} client={}", path,
                  outcome.org_code.empty() ? "-" : outcome.org_code, outcome.result_code,
                  outcome.violations.size(), req.remote_addr);
      res.status = outcome.http_status;
      send_reply(res, outcome.reply, faults);
    };
  };
  for (const auto id : {protocol::Interface::kSealMaking, protocol::Interface::kDownloadSeal,
                        protocol::Interface::kRevocation}) {
    const std::string path = base + std::string(protocol::interface_spec(id).path);
    http_->Post(path, route(path, [this, id](const httplib::Request& req) {
                  return service_->handle(id, req.body, req.remote_addr);
                }));
  }
  const std::string change_path = base + std::string(protocol::kStatusChangePath);
  http_->Post(change_path, route(change_path, [this](const httplib::Request& req) {
                return service_->change_status(req.body, req.remote_addr);
              }));
  const std::string query_path = base + std::string(protocol::kStatusQueryPath);
  http_->Get(query_path, route(query_path, [this](const httplib::Request& req) {
               return service_->query_status(req.get_param_value("yzbm"));
             }));
  const std::string list_path = base + std::string(protocol::kRevocationListPath);
  http_->Get(list_path, route(list_path, [this](const httplib::Request&) {
               return service_->revocation_list();
             }));
}

Result<int> ProvinceServer::bind(const std::string& host, int port) {
  const int bound =
      port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return make_error("province.server.bind_failed",
                      "cannot listen on " + host + ":" + std::to_string(port));
  }
  return bound;
}

bool ProvinceServer::run() { return http_->listen_after_bind(); }

Result<int> ProvinceServer::start(const std::string& host, int port) {
  GMSEAL_ASSIGN_OR_RETURN(const int bound, bind(host, port));
  thread_ = std::thread([this] { run(); });
  // listen_after_bind sets is_running as it enters its accept loop.
  for (int i = 0; i < 500 && !http_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return bound;
}

bool ProvinceServer::running() const { return http_ && http_->is_running(); }

void ProvinceServer::stop() {
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace gmseal::province
