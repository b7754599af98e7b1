#include "ses/verdict_json.h"

#include "util/bytes.h"
#include "util/time.h"

namespace gmseal::ses {

using nlohmann::json;

json checks_json(const VerifyReport& report) {
  json checks = json::array();
  for (const Check& check : report.checks()) {
    json item = {{"name", check.name},
                 {"result", std::string(to_string(check.result))},
                 {"detail", check.detail}};
    if (!check.field.empty()) item["field"] = check.field;
    checks.push_back(std::move(item));
  }
  return checks;
}

json certificate_json(const crypto::Certificate& cert) {
  const crypto::Sm3Digest fingerprint = cert.sm3_fingerprint();
  return {{"subject", cert.subject().to_string()},
          {"issuer", cert.issuer().to_string()},
          {"serial", cert.serial_hex()},
          {"notBefore", format_iso8601(cert.not_before())},
          {"notAfter", format_iso8601(cert.not_after())},
          {"sm3Fingerprint", hex_encode(fingerprint)}};
}

namespace {
json certificate_der_json(ByteView der) {
  auto cert = crypto::Certificate::from_der(der);
  if (!cert.ok()) return {{"error", cert.error().message}, {"bytes", der.size()}};
  return certificate_json(*cert);
}

// Text from the file may be any bytes; nlohmann::json throws on invalid UTF-8 when dumping.
std::string safe_text(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
    bool ok = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    }
    if (ok) {
      out.append(text, i, length);
      i += length;
    } else {
      out += "\xef\xbf\xbd";  // U+FFFD
      ++i;
    }
  }
  return out;
}
}  // namespace

json seal_json(const Seal& seal) {
  const SealInfo& info = seal.info();
  const SealProperty& p = info.property;
  json out = {{"format", std::string(to_string(seal.format()))},
              {"headerVersion", info.header.version},
              {"vid", safe_text(info.header.vid)},
              {"esID", safe_text(info.es_id)},
              {"type", p.type},
              {"name", safe_text(p.name)},
              {"certListType", static_cast<std::int64_t>(p.cert_list_type)},
              {"createDate", format_iso8601(p.create_date)},
              {"validStart", format_iso8601(p.valid_start)},
              {"validEnd", format_iso8601(p.valid_end)},
              {"picture",
               {{"type", safe_text(info.picture.type)},
                {"widthMm", info.picture.width_mm},
                {"heightMm", info.picture.height_mm},
                {"bytes", info.picture.data.size()}}},
              {"maker", certificate_der_json(seal.maker_cert_der())},
              {"signAlgId", seal.sign_alg_oid()},
              {"timeStamp", seal.timestamp().has_value()}};
  json certs = json::array();
  if (p.cert_list_type == CertListType::kCertificates) {
    for (const Bytes& der : p.certs) certs.push_back(certificate_der_json(der));
  } else {
    for (const CertDigest& d : p.cert_digests) {
      certs.push_back({{"type", safe_text(d.type)}, {"digest", hex_encode(d.value)}});
    }
  }
  out["certList"] = std::move(certs);
  if (!p.cert_ids.empty()) out["certIds"] = p.cert_ids;
  json ext = json::array();
  for (const ExtData& e : info.ext_datas) {
    ext.push_back({{"oid", e.oid}, {"critical", e.critical}, {"value", hex_encode(e.value)}});
  }
  out["extDatas"] = std::move(ext);
  return out;
}

json seal_verdict_json(const Seal* seal, const VerifyReport& report) {
  return {{"valid", report.valid()},
          {"trusted", report.trusted()},
          {"checks", checks_json(report)},
          {"seal", seal != nullptr ? seal_json(*seal) : json(nullptr)}};
}

json signature_entry_json(const Signature* signature, const VerifyReport& report) {
  json entry = {
      {"valid", report.valid()}, {"trusted", report.trusted()}, {"checks", checks_json(report)},
      {"seal", nullptr},         {"signer", nullptr},           {"signedAt", nullptr}};
  if (signature == nullptr) return entry;
  entry["seal"] = seal_json(signature->seal());
  entry["signer"] = certificate_der_json(signature->signer_cert_der());
  if (signature->signing_time()) entry["signedAt"] = format_iso8601(*signature->signing_time());
  entry["format"] = std::string(to_string(signature->format()));
  entry["propertyInfo"] = safe_text(signature->property_info());
  entry["dataHash"] = hex_encode(signature->data_hash());
  entry["signAlgId"] = signature->sign_alg_oid();
  entry["timeStamp"] = signature->timestamp().has_value();
  return entry;
}

json signatures_verdict_json(std::vector<json> entries) {
  bool valid = !entries.empty();
  bool trusted = !entries.empty();
  for (const json& entry : entries) {
    valid = valid && entry.value("valid", false);
    trusted = trusted && entry.value("trusted", false);
  }
  return {{"valid", valid}, {"trusted", trusted}, {"signatures", std::move(entries)}};
}

}  // namespace gmseal::ses
