// Parses any input as a seal platform's status answer (GET /api/v1/status/{code}) and judges it
// as `gmseal verify --status-url` does; also reads the input as a status URL form. Every failure
// must be a gmseal::Error or a failing check, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "status/status_answer.h"
#include "status/status_judgement.h"
#include "status/status_url.h"

using namespace gmseal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto answer = status::parse_status_answer(body); answer.ok()) {
    (void)status::verify_status_signature(*answer);
    (void)status::known_status(answer->status);
  }
  status::HttpReply reply;
  reply.status = 200;
  reply.body = std::string(body);
  const Time at = now();
  (void)status::judge_status_reply("GMSL43010200000001", "http://127.0.0.1/status", reply,
                                   status::StatusSignerTrust{}, status::StatusPolicy{}, at, at);
  (void)status::status_url_for(body, "GMSL43010200000001");
  (void)status::split_url(body);
  return 0;
}
