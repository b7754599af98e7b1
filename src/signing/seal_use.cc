#include "signing/seal_use.h"

#include "crypto/sm3.h"
#include "service/audit/audit_log.h"
#include "signing/grants.h"
#include "util/json_text.h"

namespace gmseal::signing {

namespace {

nlohmann::json audit_detail(const UseRequest& r, const std::string& sm3_before,
                            const std::string& sm3_after, const std::string& result) {
  nlohmann::json detail = {{"user", r.username},        {"apiClient", r.api_client},
                           {"seal", r.seal_code},       {"kind", r.kind},
                           {"sm3Before", sm3_before},   {"sm3After", sm3_after},
                           {"approval", r.approval_id}, {"result", result},
                           {"client", r.source}};
  if (r.kind != "digest") detail["position"] = r.position.to_json();
  if (!r.batch_item.empty()) detail["batchItem"] = r.batch_item;
  return detail;
}

}  // namespace

Status SealUse::refuse(const UseRequest& r, const Error& error, const std::string& sm3_before,
                       const UseHooks& hooks) {
  const Status audited = db_->transact([&](soci::session& sql) -> Status {
    if (hooks.in_commit) GMSEAL_RETURN_IF_ERROR(hooks.in_commit(sql, nullptr, &error));
    return service::append_audit(sql, r.username, r.source, "sign.refused", "seal:" + r.seal_code,
                                 json_text(audit_detail(r, sm3_before, "", error.code)));
  });
  if (!audited.ok()) return audited.error();
  return error;
}

Result<std::shared_ptr<const UsableSeal>> SealUse::admit(const UseRequest& r, Time at) {
  Result<Permit> permit = make_error("internal", "grant not checked");
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    permit = check_grant(sql, r.username, r.seal_code, r.kind, r.approval_id, at);
    return {};
  }));
  if (!permit.ok()) return permit.error();
  GMSEAL_ASSIGN_OR_RETURN(auto seal, vault_.usable(r.seal_code));
  GMSEAL_RETURN_IF_ERROR(status_.check(seal->seal));
  return seal;
}

Result<UseResult> SealUse::use(const UseRequest& r, const UseHooks& hooks) {
  UseResult out;
  out.sm3_before = hex_encode(crypto::sm3(r.input));
  const Time at = now();
  auto seal = admit(r, at);
  if (!seal.ok()) return refuse(r, seal.error(), out.sm3_before, hooks).error();
  {
    auto signer = device_.signer((*seal)->key_index, (*seal)->key_password);
    if (!signer.ok()) return refuse(r, signer.error(), out.sm3_before, hooks).error();
    Result<Bytes> made = make_error("invalid_field", "kind is pdf, ofd or digest", "kind");
    const ses::TimestampFn& stamp = timestamper_;
    if (r.kind == "pdf") made = seal_pdf_bytes(**seal, **signer, r.input, r.position, stamp);
    if (r.kind == "ofd") made = seal_ofd_bytes(**seal, **signer, r.input, r.position, stamp);
    if (r.kind == "digest") {
      made = seal_digest(**seal, **signer, r.input, r.property_info, stamp);
    }
    if (!made.ok()) return refuse(r, made.error(), out.sm3_before, hooks).error();
    out.output = std::move(*made);
  }
  out.sm3_after = hex_encode(crypto::sm3(out.output));
  if (hooks.before_commit) {
    if (auto written = hooks.before_commit(out); !written.ok()) {
      return refuse(r, written.error(), out.sm3_before, hooks).error();
    }
  }
  // The grant is checked again with the use's record: two requests racing for the last of a
  // quota cannot both commit.
  const Status committed = db_->transact([&](soci::session& sql) -> Status {
    if (!r.batch_item.empty() && use_recorded(sql, r.batch_item)) {
      return hooks.in_commit ? hooks.in_commit(sql, &out, nullptr) : Status{};
    }
    GMSEAL_ASSIGN_OR_RETURN(const Permit again,
                            check_grant(sql, r.username, r.seal_code, r.kind, r.approval_id, at));
    GMSEAL_ASSIGN_OR_RETURN(const bool recorded, record_use(sql, again, r.username, r.seal_code,
                                                            r.kind, at, r.batch_item));
    if (!recorded) return {};
    if (hooks.in_commit) GMSEAL_RETURN_IF_ERROR(hooks.in_commit(sql, &out, nullptr));
    return service::append_audit(sql, r.username, r.source, "sign." + r.kind, "seal:" + r.seal_code,
                                 json_text(audit_detail(r, out.sm3_before, out.sm3_after, "ok")));
  });
  if (!committed.ok()) return refuse(r, committed.error(), out.sm3_before, hooks).error();
  return out;
}

Result<std::vector<UseResult>> SealUse::use_digests(const DigestsRequest& d) {
  UseRequest r = d.use;
  r.kind = "digest";
  if (d.digests.empty() || d.digests.size() > kMaxDigestsPerRequest) {
    return make_error("invalid_field",
                      "digests must hold 1 to " + std::to_string(kMaxDigestsPerRequest) + " values",
                      "digests");
  }
  std::vector<UseResult> out(d.digests.size());
  for (std::size_t i = 0; i < d.digests.size(); ++i) {
    if (d.digests[i].size() != 32) {
      return make_error("invalid_field", "each digest must be a 32-byte SM3, hex or base64",
                        "digests[" + std::to_string(i) + "]");
    }
    out[i].sm3_before = hex_encode(crypto::sm3(d.digests[i]));
  }
  // A refusal is one audit record for the request, named by its first digest and its count.
  auto refuse_all = [&](const Error& error) {
    UseRequest first = r;
    first.batch_item = "digests:" + std::to_string(d.digests.size());
    return refuse(first, error, out[0].sm3_before, {}).error();
  };
  const Time at = now();
  auto seal = admit(r, at);
  if (!seal.ok()) return refuse_all(seal.error());
  {
    auto signer = device_.signer((*seal)->key_index, (*seal)->key_password);
    if (!signer.ok()) return refuse_all(signer.error());
    auto made = seal_digests(**seal, **signer, d.digests, d.property_infos, timestamper_);
    if (!made.ok()) return refuse_all(made.error());
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i].output = std::move((*made)[i]);
      out[i].sm3_after = hex_encode(crypto::sm3(out[i].output));
    }
  }
  // The grant is checked again for every use at once, and each use is recorded with its own
  // audit record, all in one transaction: a quota without room for them all refuses the request.
  const int uses = static_cast<int>(out.size());
  const Status committed = db_->transact([&](soci::session& sql) -> Status {
    GMSEAL_ASSIGN_OR_RETURN(const Permit permit, check_grant(sql, r.username, r.seal_code, r.kind,
                                                             r.approval_id, at, uses));
    GMSEAL_RETURN_IF_ERROR(record_uses(sql, permit, r.username, r.seal_code, r.kind, at, uses));
    std::vector<service::AuditEntry> records;
    records.reserve(out.size());
    for (const UseResult& one : out) {
      records.push_back({r.username, r.source, "sign.digest", "seal:" + r.seal_code,
                         json_text(audit_detail(r, one.sm3_before, one.sm3_after, "ok"))});
    }
    return service::append_audit_many(sql, records);
  });
  if (!committed.ok()) return refuse_all(committed.error());
  return out;
}

}  // namespace gmseal::signing
