// Signing (the caller's grant decides; docs/signing-api.md):
// POST /api/v1/sign/pdf, /api/v1/sign/ofd
//   JSON {"sealCode","document":"<base64>", one position: "page"+"x"+"y" (mm) | "keyword"
//         [+"occurrence"] | "riding":true [+"side"], "approvalId"?}
//   or the document itself as the body with those fields as query parameters.
//   -> the signed document (application/pdf, application/ofd), or with "Accept:
//      application/json" {"document":"<base64>","sm3Before","sm3After"}
// POST /api/v1/sign/digest {"sealCode","digest":"<hex or base64 SM3>","propertyInfo"?,
//                           "approvalId"?} -> {"signature":"<base64 SES_Signature DER>",...}
// POST /api/v1/sign/digests {"sealCode","digests":["<hex or base64 SM3>" | {"digest",
//                            "propertyInfo"?}, ... up to 1000],"approvalId"?}
//   -> {"sealCode","signatures":[{"signature","sm3Before","sm3After"}...]}: all or none
// POST /api/v1/sign/batch {"sealCode","kind":"pdf"|"ofd","position":{...},
//                          "documents":[{"name","content":"<base64>"}]} -> 202 {"id",...}
// GET  /api/v1/sign/batch/{id} -> progress; /documents/{index} -> a signed document; /zip
#include "service/http/api_error.h"
#include "signing/api/routes.h"
#include "signing/signing_service.h"

namespace gmseal::signing::api {

namespace {

using service::Role;

const std::set<Role> kSigners = {Role::kSigner};

Result<Bytes> decode_bytes(const nlohmann::json& fields, const char* key) {
  if (!fields.contains(key) || !fields.at(key).is_string()) {
    return make_error("invalid_field", std::string(key) + " is required (base64)", key);
  }
  auto bytes = base64_decode(fields.at(key).get<std::string>());
  if (!bytes.ok()) return make_error("invalid_field", std::string(key) + " is not base64", key);
  return bytes;
}

std::string text(const nlohmann::json& fields, const char* key) {
  return fields.contains(key) && fields.at(key).is_string() ? fields.at(key).get<std::string>()
                                                            : "";
}

UseRequest base_request(const service::Caller& c, const nlohmann::json& fields,
                        const std::string& kind) {
  UseRequest r;
  r.username = c.user.username;
  r.api_client = c.api_client;
  r.source = c.source;
  r.seal_code = text(fields, "sealCode");
  r.kind = kind;
  r.approval_id = text(fields, "approvalId");
  return r;
}

Result<Bytes> decode_digest(const std::string& digest, const std::string& field) {
  auto bytes = digest.size() == 64 ? hex_decode(digest) : base64_decode(digest);
  if (!bytes.ok() || bytes->size() != 32) {
    return make_error("invalid_field", "digest must be a 32-byte SM3 in hex or base64", field);
  }
  return bytes;
}

void sign_digests(SigningService& s, const httplib::Request& req, httplib::Response& res,
                  const service::Caller& c) {
  auto body = service::parse_json_body(req, res);
  if (!body) return;
  DigestsRequest d;
  d.use = base_request(c, *body, "digest");
  if (!body->contains("digests") || !body->at("digests").is_array()) {
    return send_error(res, make_error("invalid_field", "digests must be an array", "digests"));
  }
  const nlohmann::json& digests = body->at("digests");
  if (digests.size() > SealUse::kMaxDigestsPerRequest) {
    return send_error(res, make_error("invalid_field",
                                      "at most " + std::to_string(SealUse::kMaxDigestsPerRequest) +
                                          " digests per request",
                                      "digests"));
  }
  for (std::size_t i = 0; i < digests.size(); ++i) {
    const nlohmann::json& one = digests[i];
    const std::string field = "digests[" + std::to_string(i) + "]";
    auto bytes =
        decode_digest(one.is_string() ? one.get<std::string>() : text(one, "digest"), field);
    if (!bytes.ok()) return send_error(res, bytes.error());
    d.digests.push_back(std::move(*bytes));
    d.property_infos.push_back(one.is_object() ? text(one, "propertyInfo") : "");
  }
  auto done = s.seal_use().use_digests(d);
  if (!done.ok()) return send_error(res, done.error());
  nlohmann::json signatures = nlohmann::json::array();
  for (const UseResult& one : *done) {
    signatures.push_back({{"signature", base64_encode(one.output)},
                          {"sm3Before", one.sm3_before},
                          {"sm3After", one.sm3_after}});
  }
  service::send_json(res, {{"sealCode", d.use.seal_code}, {"signatures", std::move(signatures)}});
}

Error too_large(SigningService& s) {
  return make_error("request.too_large",
                    "the body is larger than the " + std::to_string(s.config().max_body_bytes) +
                        " bytes a document may have",
                    "document");
}

void sign_document(SigningService& s, const std::string& kind, const httplib::Request& req,
                   httplib::Response& res, const service::Caller& c) {
  if (req.body.size() > s.config().max_body_bytes) {
    return send_error(res, too_large(s));
  }
  const nlohmann::json fields = request_fields(req);
  if (!fields.is_object()) {
    return send_error(res, make_error("bad_request", "the JSON body must be an object"));
  }
  UseRequest r = base_request(c, fields, kind);
  if (r.seal_code.empty()) {
    return send_error(res, make_error("invalid_field", "sealCode is required", "sealCode"));
  }
  if (is_json(req)) {
    auto document = decode_bytes(fields, "document");
    if (!document.ok()) return send_error(res, document.error());
    r.input = std::move(*document);
  } else {
    r.input.assign(req.body.begin(), req.body.end());
  }
  auto position = parse_position(fields);
  if (!position.ok()) return send_error(res, position.error());
  r.position = *position;
  auto done = s.seal_use().use(r);
  if (!done.ok()) return send_error(res, done.error());
  res.set_header("X-Gmseal-Sm3-Before", done->sm3_before);
  res.set_header("X-Gmseal-Sm3-After", done->sm3_after);
  if (req.get_header_value("Accept").find("application/json") != std::string::npos) {
    return service::send_json(res, {{"document", base64_encode(done->output)},
                                    {"sm3Before", done->sm3_before},
                                    {"sm3After", done->sm3_after}});
  }
  res.set_content(std::string(done->output.begin(), done->output.end()),
                  kind == "pdf" ? "application/pdf" : "application/ofd");
}

}  // namespace

void add_sign_routes(service::ApiServer& api, SigningService& s) {
  for (const std::string kind : {"pdf", "ofd"}) {
    api.post("/api/v1/sign/" + kind, kSigners,
             [&s, kind](const httplib::Request& req, httplib::Response& res,
                        const service::Caller& c) { sign_document(s, kind, req, res, c); });
  }
  api.post("/api/v1/sign/digest", kSigners,
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             auto body = service::parse_json_body(req, res);
             if (!body) return;
             UseRequest r = base_request(c, *body, "digest");
             auto bytes = decode_digest(text(*body, "digest"), "digest");
             if (!bytes.ok()) return send_error(res, bytes.error());
             r.input = std::move(*bytes);
             r.property_info = text(*body, "propertyInfo");
             auto done = s.seal_use().use(r);
             if (!done.ok()) return send_error(res, done.error());
             service::send_json(res, {{"signature", base64_encode(done->output)},
                                      {"sealCode", r.seal_code},
                                      {"sm3After", done->sm3_after}});
           });
  api.post("/api/v1/sign/digests", kSigners,
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             sign_digests(s, req, res, c);
           });
  api.post("/api/v1/sign/batch", kSigners,
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             auto body = service::parse_json_body(req, res);
             if (!body) return;
             BatchSpec spec;
             spec.username = c.user.username;
             spec.api_client = c.api_client;
             spec.source = c.source;
             spec.seal_code = text(*body, "sealCode");
             spec.kind = text(*body, "kind");
             auto position = parse_position(body->value("position", nlohmann::json::object()));
             if (!position.ok()) return send_error(res, position.error());
             spec.position = *position;
             if (!body->contains("documents") || !body->at("documents").is_array()) {
               return send_error(
                   res, make_error("invalid_field", "documents must be an array", "documents"));
             }
             std::vector<BatchDocument> documents;
             for (const auto& d : body->at("documents")) {
               if (documents.size() >= kMaxBatchDocuments) {
                 documents.push_back({});  // submit() names the limit
                 break;
               }
               auto content = decode_bytes(d, "content");
               if (!content.ok()) return send_error(res, content.error());
               documents.push_back({text(d, "name"), std::move(*content)});
             }
             auto id = s.batches().submit(spec, documents);
             if (!id.ok()) return send_error(res, id.error());
             service::send_json(res, {{"id", *id}, {"total", documents.size()}}, 202);
           });
  const std::set<Role> readers = {Role::kSigner, Role::kAuditor};
  api.get(R"(/api/v1/sign/batch/([0-9a-f]+))", readers,
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
            auto progress =
                s.batches().progress(req.matches[1], c.user.username, c.user.has(Role::kAuditor));
            if (!progress.ok()) return send_error(res, progress.error());
            service::send_json(res, *progress);
          });
  api.get(R"(/api/v1/sign/batch/([0-9a-f]+)/documents/(\d+))", readers,
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
            int index = 0;
            try {
              index = std::stoi(req.matches[2]);
            } catch (...) {
              return send_error(res, make_error("invalid_field", "bad index", "index"));
            }
            auto data = s.batches().result(req.matches[1], index, c.user.username,
                                           c.user.has(Role::kAuditor));
            if (!data.ok()) return send_error(res, data.error());
            res.set_content(std::string(data->begin(), data->end()), "application/octet-stream");
          });
  api.get(R"(/api/v1/sign/batch/([0-9a-f]+)/zip)", readers,
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
            auto zip = s.batches().zip(req.matches[1], c.user.username, c.user.has(Role::kAuditor));
            if (!zip.ok()) return send_error(res, zip.error());
            res.set_content(std::string(zip->begin(), zip->end()), "application/zip");
          });
}

}  // namespace gmseal::signing::api
