// The JSON verdict shared by every verify command (gmseal seal/ses/ofd/pdf verify --json).
//
//   seal:       {"valid": bool, "trusted": bool, "checks": [...], "seal": {...} | null}
//   documents / signatures:
//               {"valid": bool, "trusted": bool, "signatures": [
//                  {"valid", "trusted", "checks": [...], "seal": {...} | null,
//                   "signer": {...} | null,
//                   "signedAt": {"time": "2024-01-02T03:04:05Z", "source": "tsa" | "claimed"}
//                               | null   (tsa: a verified timestamp's genTime; claimed: the
//                                         signer's own timeInfo / signingTime),
//                   "format", "propertyInfo", "dataHash", "signAlgId", "timeStamp" (bool),
//                   "timeStampDer" (hex | null), "extDatas" (TBS_Sign's),
//                   ...extra keys of the caller}]}
//   check:      {"name": "maker_signature", "result": "pass|fail|warn|skip", "detail": "...",
//                "field": "signedValue"}   ("field" only when one applies)
// The top-level "valid"/"trusted" of a document are true only when there is at least one
// signature and every signature is valid/trusted.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "crypto/certificate.h"
#include "ses/seal.h"
#include "ses/signature.h"
#include "ses/verify_report.h"

namespace gmseal::ses {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD: strings from files (names, Vid,
// propertyInfo, check details quoting them) may hold any bytes, and nlohmann::json throws on
// dumping invalid UTF-8. Every string this header puts into JSON has been through it.
std::string utf8_safe(std::string_view text);

nlohmann::json checks_json(const VerifyReport& report);
// {"subject", "issuer", "serial", "notBefore", "notAfter", "sm3Fingerprint"}
nlohmann::json certificate_json(const crypto::Certificate& cert);
// Every field of the seal except the picture bytes (their size and type are given): format,
// headerId, headerVersion, vid, esID, type, name, certListType, createDate, validStart,
// validEnd, picture, maker, signAlgId, signedValue (hex), timeStamp (bool), timeStampDer (hex |
// null), certList, certIds (when present), extDatas.
nlohmann::json seal_json(const Seal& seal);
// [{"oid", "critical", "value" (hex)}]
nlohmann::json ext_datas_json(const std::vector<ExtData>& ext_datas);

// The seal verdict; `seal` may be null when it did not parse.
nlohmann::json seal_verdict_json(const Seal* seal, const VerifyReport& report);

// One entry of "signatures"; `signature` may be null when it did not parse. Callers (OFD, PDF)
// add their own keys (e.g. "id", "references") to the returned object.
nlohmann::json signature_entry_json(const Signature* signature, const VerifyReport& report);

// {"valid", "trusted", "signatures": entries}, combining the entries' valid/trusted.
nlohmann::json signatures_verdict_json(std::vector<nlohmann::json> entries);

}  // namespace gmseal::ses
