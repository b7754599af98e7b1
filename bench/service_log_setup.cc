// Benchmarks that run services in-process (province, TSA, platform) send the services' log to
// /dev/null at info: every request still formats its line, as in a real service, without the
// lines filling the benchmark's output.
#include <cstdio>

#include "net/service_log.h"

namespace {

const bool kLogSet = [] {
  const gmseal::Status set = gmseal::net::configure_service_log("bench", "/dev/null", "info");
  if (!set.ok()) std::fprintf(stderr, "bench log: %s\n", set.error().to_string().c_str());
  return set.ok();
}();

}  // namespace
