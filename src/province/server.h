// The first-level emulator's HTTP server (cpp-httplib, TCP_NODELAY on every connection):
//
//   POST {base}/gb/seal/make              seal making          (ProvinceService::handle)
//   POST {base}/gb/seal/download          seal download
//   POST {base}/gb/revocationSealInfo     seal revocation
//   GET  {base}/gb/seal/status?yzbm=CODE  status query         (status service, our design)
//   POST {base}/gb/seal/status/change     status change
//   GET  {base}/gb/seal/revocationList    signed revocation list
//
// Replies are JSON (UTF-8) with HTTP 200 whatever the resultCode; other statuses only for
// injected faults (faults.h), unknown paths (404) and bodies over 1 MiB (413). Every request
// gets a log line (net/request_log.h) and every exchange one more with its resultCode.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "province/faults.h"
#include "province/service.h"

namespace httplib {
class Server;
}

namespace gmseal::province {

class ProvinceServer {
 public:
  ProvinceServer(std::shared_ptr<ProvinceService> service, std::vector<FaultSpec> faults);
  // On `http`: a TLS server from net::make_http_server, or a plain one.
  ProvinceServer(std::shared_ptr<ProvinceService> service, std::vector<FaultSpec> faults,
                 std::unique_ptr<httplib::Server> http);
  ~ProvinceServer();  // stops and joins

  // Binds `host`:`port` (0 = an ephemeral port) and returns the port.
  // Errors: province.server.bind_failed.
  Result<int> bind(const std::string& host, int port);
  // Serves until stop(); returns false when the server could not run.
  bool run();
  // bind() + run() on a background thread (for tests and benchmarks).
  Result<int> start(const std::string& host, int port);
  void stop();
  bool running() const;

 private:
  void install_routes();
  std::shared_ptr<ProvinceService> service_;
  std::vector<FaultSpec> faults_;
  std::atomic<long long> sequence_{0};
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
};

}  // namespace gmseal::province
