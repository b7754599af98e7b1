// One use of a seal, as the signing API makes it: the grant (grants.h), the seal held here
// (seal_vault.h), the platform's status (platform_status.h), the signature (document_signing.h),
// then the use and its audit record in one transaction. A refusal is audited too.
//
// The audit record of a use (action "sign.pdf" / "sign.ofd" / "sign.digest", or
// "sign.refused"): user, API client, seal, SM3 of the document before and after, the position,
// the approval, the result and the client address.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "service/store/database.h"
#include "signing/document_signing.h"
#include "signing/key_device.h"
#include "signing/platform_status.h"
#include "signing/seal_vault.h"

namespace gmseal::signing {

struct UseRequest {
  std::string username;
  std::string api_client;  // the API key's label, empty for a session
  std::string source;      // client address
  std::string seal_code;
  std::string kind;  // pdf | ofd | digest
  std::string approval_id;
  Bytes input;  // the document, or the 32-byte digest
  Position position;
  std::string property_info;  // digest only
  std::string batch_item;     // "job:index" for batch documents (idempotent use)
};

// Several digests signed with one seal in one request (POST /api/v1/sign/digests): one grant,
// status and device lookup for all, one transaction recording every use and its own audit
// record. All or nothing: when the grant cannot cover every digest, none is signed.
struct DigestsRequest {
  UseRequest use;              // who, which seal, the approval (its kind and input are not used)
  std::vector<Bytes> digests;  // 32-byte SM3 values
  std::vector<std::string> property_infos;  // one per digest, or empty
};

struct UseResult {
  Bytes output;
  std::string sm3_before, sm3_after;  // hex
};

// Batch documents record their outcome with the use: `before_commit` runs once the signed
// document exists (it writes the result file), `in_commit` inside the transaction that records
// the use and its audit record, or the refusal and its audit record (result or error set).
struct UseHooks {
  std::function<Status(const UseResult&)> before_commit;
  std::function<Status(soci::session&, const UseResult*, const Error*)> in_commit;
};

class SealUse {
 public:
  // `timestamper` (--tsa), when set, timestamps every signature.
  SealUse(std::shared_ptr<service::Database> db, SealVault& vault, KeyDevice& device,
          PlatformStatus& status, ses::TimestampFn timestamper = {})
      : db_(std::move(db)),
        vault_(vault),
        device_(device),
        status_(status),
        timestamper_(std::move(timestamper)) {}

  // Errors: grant.*, signing.seal.*, signing.platform.*, signing.document.*, the core's.
  Result<UseResult> use(const UseRequest& request, const UseHooks& hooks = {});

  // At most kMaxDigestsPerRequest digests. Errors: as use(); the first refusal refuses all.
  static constexpr std::size_t kMaxDigestsPerRequest = 1000;
  Result<std::vector<UseResult>> use_digests(const DigestsRequest& request);

 private:
  Status refuse(const UseRequest& request, const Error& error, const std::string& sm3_before,
                const UseHooks& hooks);
  // The checks before a signature: the grant (read only; checked again at commit), the seal
  // held here and its status at the platform.
  Result<std::shared_ptr<const UsableSeal>> admit(const UseRequest& request, Time at);

  std::shared_ptr<service::Database> db_;
  SealVault& vault_;
  KeyDevice& device_;
  PlatformStatus& status_;
  ses::TimestampFn timestamper_;
};

}  // namespace gmseal::signing
