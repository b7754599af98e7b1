#include "ses/verdict_json.h"

#include "tsa/token_verify.h"

#include "util/bytes.h"
#include "util/time.h"

namespace gmseal::ses {

using nlohmann::json;

// Well-formed UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, <= U+10FFFF), the
// same rule nlohmann::json applies when dumping.
std::string utf8_safe(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto in = [](unsigned char b, unsigned char lo, unsigned char hi) {
    return b >= lo && b <= hi;
  };
  while (i < text.size()) {
    const unsigned char c = byte(i);
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xbf;  // range of the second byte
    if (c < 0x80) {
      length = 1;
    } else if (in(c, 0xc2, 0xdf)) {
      length = 2;
    } else if (in(c, 0xe0, 0xef)) {
      length = 3;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (in(c, 0xf0, 0xf4)) {
      length = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    }
    bool ok = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = k == 1 ? in(byte(i + 1), lo, hi) : in(byte(i + k), 0x80, 0xbf);
    }
    if (ok) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xef\xbf\xbd";  // U+FFFD
      ++i;
    }
  }
  return out;
}

json checks_json(const VerifyReport& report) {
  json checks = json::array();
  for (const Check& check : report.checks()) {
    json item = {{"name", utf8_safe(check.name)},
                 {"result", std::string(to_string(check.result))},
                 {"detail", utf8_safe(check.detail)}};
    if (!check.field.empty()) item["field"] = utf8_safe(check.field);
    checks.push_back(std::move(item));
  }
  return checks;
}

json certificate_json(const crypto::Certificate& cert) {
  const crypto::Sm3Digest fingerprint = cert.sm3_fingerprint();
  return {{"subject", utf8_safe(cert.subject().to_string())},
          {"issuer", utf8_safe(cert.issuer().to_string())},
          {"serial", cert.serial_hex()},
          {"notBefore", format_iso8601(cert.not_before())},
          {"notAfter", format_iso8601(cert.not_after())},
          {"sm3Fingerprint", hex_encode(fingerprint)}};
}

namespace {
json certificate_der_json(ByteView der) {
  auto cert = crypto::Certificate::from_der(der);
  if (!cert.ok()) return {{"error", utf8_safe(cert.error().message)}, {"bytes", der.size()}};
  return certificate_json(*cert);
}

json timestamp_der_json(const std::optional<Bytes>& token) {
  return token ? json(hex_encode(*token)) : json(nullptr);
}

}  // namespace

json ext_datas_json(const std::vector<ExtData>& ext_datas) {
  json out = json::array();
  for (const ExtData& e : ext_datas) {
    out.push_back(
        {{"oid", utf8_safe(e.oid)}, {"critical", e.critical}, {"value", hex_encode(e.value)}});
  }
  return out;
}

json seal_json(const Seal& seal) {
  const SealInfo& info = seal.info();
  const SealProperty& p = info.property;
  json out = {{"format", std::string(to_string(seal.format()))},
              {"headerId", utf8_safe(info.header.id)},
              {"headerVersion", info.header.version},
              {"vid", utf8_safe(info.header.vid)},
              {"esID", utf8_safe(info.es_id)},
              {"type", p.type},
              {"name", utf8_safe(p.name)},
              {"certListType", static_cast<std::int64_t>(p.cert_list_type)},
              {"createDate", format_iso8601(p.create_date)},
              {"validStart", format_iso8601(p.valid_start)},
              {"validEnd", format_iso8601(p.valid_end)},
              {"picture",
               {{"type", utf8_safe(info.picture.type)},
                {"widthMm", info.picture.width_mm},
                {"heightMm", info.picture.height_mm},
                {"bytes", info.picture.data.size()}}},
              {"maker", certificate_der_json(seal.maker_cert_der())},
              {"signAlgId", utf8_safe(seal.sign_alg_oid())},
              {"signedValue", hex_encode(seal.signed_value())},
              {"timeStamp", seal.timestamp().has_value()},
              {"timeStampDer", timestamp_der_json(seal.timestamp())}};
  json certs = json::array();
  if (p.cert_list_type == CertListType::kCertificates) {
    for (const Bytes& der : p.certs) certs.push_back(certificate_der_json(der));
  } else {
    for (const CertDigest& d : p.cert_digests) {
      certs.push_back({{"type", utf8_safe(d.type)}, {"digest", hex_encode(d.value)}});
    }
  }
  out["certList"] = std::move(certs);
  if (!p.cert_ids.empty()) {
    json ids = json::array();
    for (const std::string& id : p.cert_ids) ids.push_back(utf8_safe(id));
    out["certIds"] = std::move(ids);
  }
  out["extDatas"] = ext_datas_json(info.ext_datas);
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
  // signedAt: the TSA's genTime when the timestamp check held, else the signer's own claim.
  const bool stamped = report.has(kCheckTimestamp, CheckResult::kPass) ||
                       report.has(kCheckTimestamp, CheckResult::kWarn);
  auto tst = stamped && signature->timestamp() ? tsa::read_token_tst_info(*signature->timestamp())
                                               : Result<tsa::TstInfo>(make_error("none", ""));
  if (tst.ok()) {
    entry["signedAt"] = {{"time", format_iso8601(tst->gen_time)}, {"source", "tsa"}};
  } else if (signature->signing_time()) {
    entry["signedAt"] = {{"time", format_iso8601(*signature->signing_time())},
                         {"source", "claimed"}};
  }
  entry["format"] = std::string(to_string(signature->format()));
  entry["propertyInfo"] = utf8_safe(signature->property_info());
  entry["dataHash"] = hex_encode(signature->data_hash());
  entry["signAlgId"] = utf8_safe(signature->sign_alg_oid());
  entry["timeStamp"] = signature->timestamp().has_value();
  entry["timeStampDer"] = timestamp_der_json(signature->timestamp());
  entry["extDatas"] = ext_datas_json(signature->ext_datas());
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
