// Asking a TSA over HTTP: POST a DER TimeStampReq as application/timestamp-query to `url`.
#pragma once

#include <chrono>
#include <string>

#include "tsa/imprint_hash.h"
#include "tsa/request.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::tsa {

// The raw TimeStampResp bytes. Errors: status.bad_url, tsa.http.unreachable (no connection or
// reply), tsa.http.status (not HTTP 200: the code and the start of the body).
Result<Bytes> post_timestamp_query(const std::string& url, ByteView request_der,
                                   std::chrono::seconds timeout = std::chrono::seconds(30));

// What --tsa URL does for embedding: asks for a timestamp over `stamped` (SM3 imprint, a random
// nonce, certReq) and returns the token after checking the reply's status, its nonce and
// imprint (tsa/token_verify.h, without trust anchors: the verifier judges the chain).
// Errors: those of post_timestamp_query, tsa.refused (the TSA's status and failInfo),
// tsa.bad_token (the failing step).
Result<Bytes> request_token(const std::string& url, ByteView stamped);

// The same for data already hashed: `imprint` is the SM3 digest of what is stamped (a PDF's
// ByteRange segments for a document timestamp).
Result<Bytes> request_token_for_digest(const std::string& url, ByteView imprint);

}  // namespace gmseal::tsa
