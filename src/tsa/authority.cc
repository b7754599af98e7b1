#include "tsa/authority.h"

#include <algorithm>
#include <chrono>

#include "tsa/imprint_hash.h"
#include "tsa/request.h"
#include "tsa/response.h"
#include "tsa/tst_info.h"
#include "util/der.h"

namespace gmseal::tsa {

namespace {

TsaReply reject(FailureBit failure, std::string detail) {
  TsaReply reply;
  reply.status = kRejection;
  reply.failure_bit = failure;
  reply.detail = std::move(detail);
  reply.der = build_rejection(failure, reply.detail);
  return reply;
}

Bytes serial_integer(std::uint64_t value) {
  Bytes content;
  for (; value > 0; value >>= 8) content.insert(content.begin(), static_cast<std::uint8_t>(value));
  if (content.empty() || (content[0] & 0x80) != 0) content.insert(content.begin(), 0x00);
  return content;
}

// Whether the extension `oid` of `cert` is marked critical; nullopt when absent. Read from the
// tbsCertificate: tbs ::= SEQUENCE { ..., extensions [3] EXPLICIT SEQUENCE OF Extension },
// Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
std::optional<bool> extension_critical(const crypto::Certificate& cert, std::string_view oid) {
  auto tbs = der::parse_single(cert.tbs_bytes());
  if (!tbs.ok()) return std::nullopt;
  der::Reader fields(tbs->content);
  while (!fields.at_end()) {
    auto field = fields.next();
    if (!field.ok()) return std::nullopt;
    if (field->tag != 0xa3) continue;
    der::Reader wrapper(field->content);
    auto list = wrapper.expect(der::kSequence, "extensions");
    if (!list.ok()) return std::nullopt;
    der::Reader extensions(list->content);
    while (!extensions.at_end()) {
      auto extension = extensions.expect(der::kSequence, "Extension");
      if (!extension.ok()) return std::nullopt;
      der::Reader parts(extension->content);
      auto id = parts.expect(der::kOid, "extnID");
      if (!id.ok()) return std::nullopt;
      auto text = der::read_oid(*id, "extnID");
      if (!text.ok() || *text != oid) continue;
      auto next = parts.next();
      if (!next.ok()) return std::nullopt;
      return next->tag == der::kBoolean && next->content.size() == 1 && next->content[0] != 0;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string tsa_certificate_problem(const crypto::Certificate& cert) {
  const std::vector<std::string> eku = cert.extended_key_usage();
  if (std::find(eku.begin(), eku.end(), kOidEkuTimeStamping) == eku.end()) {
    return "the certificate has no extended key usage timeStamping (1.3.6.1.5.5.7.3.8)";
  }
  if (eku.size() != 1) return "the extended key usage names more than timeStamping";
  if (extension_critical(cert, kOidExtExtendedKeyUsage) != true) {
    return "the extended key usage timeStamping is not marked critical";
  }
  return {};
}

Result<std::shared_ptr<Authority>> Authority::open(AuthorityConfig config,
                                                   crypto::Certificate certificate,
                                                   std::shared_ptr<crypto::Signer> signer) {
  if (const std::string problem = tsa_certificate_problem(certificate); !problem.empty()) {
    return make_error("tsa.bad_certificate",
                      "TSA certificate " + certificate.subject().to_string() + ": " + problem,
                      "cert");
  }
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PublicKey cert_key, certificate.public_key());
  if (cert_key.to_der() != signer->public_key().to_der()) {
    return make_error("tsa.bad_certificate",
                      "the TSA certificate does not hold the signing key's public key", "cert");
  }
  const Time t = now();
  if (t < certificate.not_before() || t > certificate.not_after()) {
    return make_error("tsa.bad_certificate",
                      "the TSA certificate is not valid now (" +
                          format_iso8601(certificate.not_before()) + " .. " +
                          format_iso8601(certificate.not_after()) + ")",
                      "cert");
  }
  if (config.accuracy_ms < 1) {
    return make_error("cli.usage", "the accuracy must be at least 1 ms", "accuracy-ms");
  }
  GMSEAL_ASSIGN_OR_RETURN(std::unique_ptr<SerialCounter> serials,
                          SerialCounter::open(config.data_dir));
  return std::shared_ptr<Authority>(new Authority(std::move(config), std::move(certificate),
                                                  std::move(signer), std::move(serials)));
}

TsaReply Authority::respond(ByteView request_der) {
  auto request = parse_request(request_der);
  if (!request.ok()) {
    return reject(request.error().code == "tsa.bad_request" ? kBadRequest : kBadDataFormat,
                  request.error().message);
  }
  const auto hash = imprint_hash_from_oid(request->hash_oid);
  if (!hash) {
    return reject(kBadAlg, "imprint hash algorithm " + request->hash_oid +
                               " is not accepted (SM3, SHA-256 or SHA-384)");
  }
  if (request->hashed_message.size() != digest_size(*hash)) {
    return reject(kBadDataFormat,
                  "the imprint has " + std::to_string(request->hashed_message.size()) + " bytes; " +
                      std::string(name_of(*hash)) + " gives " + std::to_string(digest_size(*hash)));
  }
  if (request->policy && *request->policy != config_.policy &&
      std::find(config_.accepted_policies.begin(), config_.accepted_policies.end(),
                *request->policy) == config_.accepted_policies.end()) {
    return reject(kUnacceptedPolicy,
                  "policy " + *request->policy + " is not this TSA's (" + config_.policy + ")");
  }
  if (request->has_extensions) {
    return reject(kUnacceptedExtension, "request extensions are not supported");
  }
  auto serial = serials_->next();
  if (!serial.ok()) return reject(kSystemFailure, "no serial number: " + serial.error().message);

  TstInfo info;
  info.policy = request->policy.value_or(config_.policy);
  info.hash_oid = request->hash_oid;
  info.hashed_message = request->hashed_message;
  info.serial = serial_integer(*serial);
  info.gen_time_text =
      format_gen_time(std::chrono::system_clock::now(), config_.accuracy_ms < 1000 ? 3 : 0);
  info.accuracy = accuracy_from_ms(config_.accuracy_ms);
  info.nonce = request->nonce;
  const Bytes tst = encode_tst_info(info);

  TokenSignOptions options = config_.token;
  options.include_certificate = request->cert_req;
  Result<Bytes> token = [&] {
    if (!config_.serialize_signing) return build_token(tst, certificate_, *signer_, options);
    std::lock_guard<std::mutex> guard(sign_mutex_);
    return build_token(tst, certificate_, *signer_, options);
  }();
  if (!token.ok()) return reject(kSystemFailure, "signing failed: " + token.error().message);
  TsaReply reply;
  reply.status = kGranted;
  reply.serial_hex = info.serial_hex();
  reply.der = build_granted_response(*token);
  return reply;
}

}  // namespace gmseal::tsa
