#include "tsa/http/tsa_client.h"

#include <httplib.h>

#include "crypto/random.h"
#include "net/http_client.h"
#include "status/status_url.h"
#include "tsa/http/tsa_http.h"
#include "tsa/imprint_hash.h"
#include "tsa/response.h"
#include "tsa/token_verify.h"

namespace gmseal::tsa {

Result<Bytes> post_timestamp_query(const std::string& url, ByteView request_der,
                                   std::chrono::seconds timeout) {
  GMSEAL_ASSIGN_OR_RETURN(const status::UrlParts parts, status::split_url(url));
  auto made = net::make_client(parts.origin);  // https verified against --tls-ca
  if (!made.ok()) {
    return make_error("status.bad_url", "cannot make an HTTP client for " + parts.origin, "url");
  }
  httplib::Client& client = **made;
  client.set_connection_timeout(static_cast<time_t>(timeout.count()), 0);
  client.set_read_timeout(static_cast<time_t>(timeout.count()), 0);
  auto result = client.Post(parts.target, std::string(request_der.begin(), request_der.end()),
                            kQueryContentType);
  if (!result) {
    return make_error("tsa.http.unreachable",
                      "no reply from the TSA at " + url + ": " +
                          net::describe_http_error(result.error(), net::tls_ca_file()),
                      "url");
  }
  if (result->status != 200) {
    return make_error("tsa.http.status",
                      "the TSA at " + url + " answered HTTP " + std::to_string(result->status) +
                          ": " + result->body.substr(0, 200),
                      "url");
  }
  return Bytes(result->body.begin(), result->body.end());
}

namespace {

Result<Bytes> ask(const std::string& url, const Bytes& imprint, const TokenCheckInput& check_base) {
  TimeStampRequest request;
  request.hash_oid = std::string(oid_of(ImprintHash::kSm3));
  request.hashed_message = imprint;
  request.nonce = nonce_from_random(crypto::random_bytes(8));
  request.cert_req = true;
  GMSEAL_ASSIGN_OR_RETURN(Bytes reply, post_timestamp_query(url, build_request(request)));
  GMSEAL_ASSIGN_OR_RETURN(TimeStampResponse response, parse_response(reply));
  if (response.status != kGranted && response.status != kGrantedWithMods) {
    std::string why = std::string(status_name(response.status));
    if (response.failure_bit) why += " (" + std::string(failure_name(*response.failure_bit)) + ")";
    for (const std::string& text : response.status_strings) why += ": " + text;
    return make_error("tsa.refused", "the TSA at " + url + " refused: " + why, "tsa");
  }
  if (!response.token) return make_error("tsa.bad_token", "the TSA's reply has no token", "tsa");
  TokenCheckInput input = check_base;
  input.nonce = request.nonce;
  const TokenCheck check = verify_token(*response.token, input);
  if (!check.valid) {
    return make_error("tsa.bad_token",
                      "the TSA's token fails at " + check.failed_step + ": " + check.detail, "tsa");
  }
  return Bytes(response.token->begin(), response.token->end());
}

}  // namespace

Result<Bytes> request_token(const std::string& url, ByteView stamped) {
  TokenCheckInput input;
  input.stamped_data = stamped;
  return ask(url, digest(ImprintHash::kSm3, stamped), input);
}

Result<Bytes> request_token_for_digest(const std::string& url, ByteView imprint) {
  TokenCheckInput input;
  input.expected_imprint = Bytes(imprint.begin(), imprint.end());
  return ask(url, *input.expected_imprint, input);
}

}  // namespace gmseal::tsa
