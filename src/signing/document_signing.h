// Signing one document or digest with a held seal: the per-document work of the signing API,
// through the core (pdf/seal_document.h, ofd/seal_document.h, ses/sign.h). No authorisation,
// no audit here (seal_use.h does those).
#pragma once

#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "crypto/signer.h"
#include "ses/make_seal.h"
#include "signing/seal_vault.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::signing {

// One way to place the seal: page + x + y (mm from the page's top-left corner), a keyword (its
// occurrence-th appearance, 0 = every one), or a riding (cross-page) seal.
struct Position {
  enum class Kind { kPage, kKeyword, kRiding } kind = Kind::kPage;
  int page = 1;
  double x = 0, y = 0;
  std::string keyword;
  int occurrence = 1;
  bool left = false;  // riding: the left edge instead of the right

  nlohmann::json to_json() const;
};

// From the request's fields ("page","x","y" | "keyword"[,"occurrence"] | "riding"[,"side"]).
// Errors: invalid_field naming the field (none or several positions, a bad number).
Result<Position> parse_position(const nlohmann::json& fields);

// Documents are refused above this many bytes (the HTTP layer caps bodies too).
inline constexpr std::size_t kMaxDocumentBytes = 32u << 20;

// `timestamper`, when set (--tsa), puts an RFC 3161 token over the signature value into every
// SES_Signature (its timeStamp field).
// Errors: signing.document.not_pdf / not_ofd (the body is not that kind of document), the
// core's (pdf.*, ofd.*, ses.sign.*, tsa.*).
Result<Bytes> seal_pdf_bytes(const UsableSeal& seal, crypto::Signer& signer, ByteView pdf,
                             const Position& position, const ses::TimestampFn& timestamper = {});
Result<Bytes> seal_ofd_bytes(const UsableSeal& seal, crypto::Signer& signer, ByteView ofd,
                             const Position& position, const ses::TimestampFn& timestamper = {});
// An SES_Signature over `digest` (32-byte SM3); propertyInfo as given (default "digest").
Result<Bytes> seal_digest(const UsableSeal& seal, crypto::Signer& signer, ByteView digest,
                          const std::string& property_info,
                          const ses::TimestampFn& timestamper = {});
// SES_Signatures over several digests at one signing time, the seal checked once
// (ses::sign_many); property_infos[i] for digests[i] (default "digest"), or empty.
Result<std::vector<Bytes>> seal_digests(const UsableSeal& seal, crypto::Signer& signer,
                                        std::span<const Bytes> digests,
                                        std::span<const std::string> property_infos,
                                        const ses::TimestampFn& timestamper = {});

}  // namespace gmseal::signing
