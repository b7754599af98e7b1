// gmseal cert issue --ca DIR --profile P --name NAME --id CODE (--key K | --pubkey P) --out F
// [--days N] gmseal cert show FILE [--json] gmseal cert verify FILE --trust ROOT.pem [--untrusted
// CHAIN.pem] [--crl CRL]... [--at TIME] [--json]
#include <iostream>
#include <nlohmann/json.hpp>

#include "ca/test_ca.h"
#include "cli/command.h"
#include "cli/inputs.h"
#include "crypto/cert_verify.h"
#include "util/file_io.h"
#include "util/json_text.h"
#include "validate/gmt0015_subject.h"

namespace gmseal::cli {

namespace {

using nlohmann::json;

std::vector<std::string> key_usage_names(unsigned bits) {
  static const std::pair<unsigned, const char*> kNames[] = {
      {crypto::kKuDigitalSignature, "digitalSignature"},
      {crypto::kKuNonRepudiation, "nonRepudiation"},
      {crypto::kKuKeyEncipherment, "keyEncipherment"},
      {crypto::kKuDataEncipherment, "dataEncipherment"},
      {crypto::kKuKeyAgreement, "keyAgreement"},
      {crypto::kKuKeyCertSign, "keyCertSign"},
      {crypto::kKuCrlSign, "cRLSign"}};
  std::vector<std::string> out;
  for (const auto& [bit, name] : kNames) {
    if (bits & bit) out.push_back(name);
  }
  return out;
}

json name_json(const crypto::DistinguishedName& dn) {
  json out = json::array();
  for (const auto& a : dn.attributes)
    out.push_back({{"oid", a.oid}, {"name", a.short_name}, {"value", a.value}});
  return out;
}

json certificate_json(const crypto::Certificate& cert) {
  json j;
  j["subject"] = cert.subject().to_string();
  j["subjectAttributes"] = name_json(cert.subject());
  j["issuer"] = cert.issuer().to_string();
  j["serial"] = cert.serial_hex();
  j["version"] = cert.version();
  j["notBefore"] = format_iso8601(cert.not_before());
  j["notAfter"] = format_iso8601(cert.not_after());
  j["signatureAlgorithm"] = cert.signature_algorithm_oid();
  j["publicKeyAlgorithm"] = cert.public_key_algorithm_oid();
  j["isCA"] = cert.is_ca();
  if (const auto ku = cert.key_usage()) j["keyUsage"] = key_usage_names(*ku);
  j["extendedKeyUsage"] = cert.extended_key_usage();
  j["subjectKeyId"] = hex_encode(cert.subject_key_id());
  j["authorityKeyId"] = hex_encode(cert.authority_key_id());
  j["sm3Fingerprint"] = hex_encode(cert.sm3_fingerprint());
  auto key = cert.public_key();
  j["sm2PublicKey"] = key.ok() ? json(hex_encode(key->point())) : json(nullptr);
  // Always present: a subject without T is neither kind, and the report says what it lacks.
  const validate::SubjectConformance conformance = validate::assess_gmt0015_subject(cert.subject());
  json rules;
  rules["kind"] =
      conformance.kind ? json(std::string(crypto::to_string(*conformance.kind))) : json(nullptr);
  rules["conforms"] = conformance.violations.empty();
  rules["summary"] = conformance.summary;
  json violations = json::array();
  for (const auto& v : conformance.violations) {
    violations.push_back({{"rule", v.rule}, {"message", v.message}});
  }
  rules["violations"] = violations;
  j["gmt0015"] = rules;
  return j;
}

void print_certificate(const crypto::Certificate& cert) {
  const json j = certificate_json(cert);
  std::cout << "Subject:        " << j["subject"].get<std::string>() << "\n";
  for (const auto& a : j["subjectAttributes"]) {
    std::cout << "  " << a["name"].get<std::string>() << " (" << a["oid"].get<std::string>()
              << ") = " << a["value"].get<std::string>() << "\n";
  }
  std::cout << "Issuer:         " << j["issuer"].get<std::string>() << "\n"
            << "Serial:         " << j["serial"].get<std::string>() << "\n"
            << "Validity:       " << j["notBefore"].get<std::string>() << " .. "
            << j["notAfter"].get<std::string>() << "\n"
            << "Signature alg.: " << j["signatureAlgorithm"].get<std::string>() << "\n"
            << "CA:             " << (cert.is_ca() ? "yes" : "no") << "\n";
  if (j.contains("keyUsage")) {
    std::cout << "Key usage:      ";
    for (const auto& u : j["keyUsage"]) std::cout << u.get<std::string>() << " ";
    std::cout << "\n";
  }
  if (!j["extendedKeyUsage"].empty()) {
    std::cout << "Ext. key usage: ";
    for (const auto& u : j["extendedKeyUsage"]) std::cout << u.get<std::string>() << " ";
    std::cout << "\n";
  }
  std::cout << "Subject key id: " << j["subjectKeyId"].get<std::string>() << "\n"
            << "SM3 fingerprint: " << j["sm3Fingerprint"].get<std::string>() << "\n";
  std::cout << "GM/T 0015:      " << j["gmt0015"]["summary"].get<std::string>() << "\n";
  for (const auto& v : j["gmt0015"]["violations"]) {
    std::cout << "  " << v["rule"].get<std::string>() << ": " << v["message"].get<std::string>()
              << "\n";
  }
}

}  // namespace

namespace {

void add_cert_commands(CLI::App& app, CommandContext& context) {
  CLI::App* cert = app.add_subcommand("cert", "SM2 certificates (GM/T 0015 profile)");
  cert->require_subcommand(1);
  struct Options {
    std::string ca, profile, name, id, key, pubkey, csr, out, pass, ca_pass, file, trust, untrusted,
        at;
    std::vector<std::string> crls;
    int days = 365;
    bool json = false;
  };
  auto o = std::make_shared<Options>();

  CLI::App* issue = cert->add_subcommand("issue", "issue a certificate from a test CA");
  issue->add_option("--ca", o->ca, "CA directory")->required();
  issue->add_option("--profile", o->profile, "unit | personal | maker | system | tsa")
      ->required()
      ->check(CLI::IsMember({"unit", "personal", "maker", "system", "tsa"}));
  issue->add_option("--name", o->name, "unit or person name (G and CN)")->required();
  issue->add_option("--id", o->id, "unified social credit code (unit) or ID number (personal)");
  auto* key_opt =
      issue->add_option("--key", o->key, "subject private key (its public half is certified)");
  auto* pub_opt = issue->add_option("--pubkey", o->pubkey, "subject public key");
  key_opt->excludes(pub_opt);
  auto* csr_opt = issue->add_option(
      "--csr", o->csr, "PKCS#10 request (its self-signature is checked; e.g. from 'token csr')");
  csr_opt->excludes(key_opt)->excludes(pub_opt);
  issue->add_option("--pass", o->pass, "subject key password (also GMSEAL_KEY_PASS)");
  issue->add_option("--ca-pass", o->ca_pass, "CA key passphrase (also GMSEAL_CA_PASS)");
  issue->add_option("--out", o->out, "certificate output (PEM)")->required();
  issue->add_option("--days", o->days, "validity in days (default 365)")
      ->check(CLI::PositiveNumber);
  on_run(issue, context, [o] {
    if (static_cast<int>(!o->key.empty()) + static_cast<int>(!o->pubkey.empty()) +
            static_cast<int>(!o->csr.empty()) !=
        1) {
      return report_error(make_error("cli.usage", "give exactly one of --key, --pubkey and --csr"));
    }
    auto profile = crypto::parse_cert_profile(o->profile);
    if (!profile.ok()) return report_error(profile.error());
    Result<crypto::Sm2PublicKey> subject_key = !o->csr.empty() ? load_request_key(o->csr)
                                               : o->key.empty()
                                                   ? load_public_key(o->pubkey)
                                                   : [&]() -> Result<crypto::Sm2PublicKey> {
      auto k = load_private_key(o->key, password_from(o->pass, "GMSEAL_KEY_PASS"));
      if (!k.ok()) return k.error();
      return k->public_key();
    }();
    if (!subject_key.ok()) return report_error(subject_key.error());
    auto ca = ca::TestCa::open(o->ca, password_from(o->ca_pass, "GMSEAL_CA_PASS"));
    if (!ca.ok()) return report_error(ca.error());
    crypto::CertTemplate spec;
    spec.profile = *profile;
    spec.name = o->name;
    spec.id_code = o->id;
    spec.not_before = now() - std::chrono::minutes(5);
    spec.not_after = spec.not_before + std::chrono::days(o->days);
    auto issued = ca->issue(spec, *subject_key);
    if (!issued.ok()) return report_error(issued.error());
    if (auto s = write_file_atomic(o->out, issued->pem()); !s.ok()) return report_error(s.error());
    std::cout << o->profile << " certificate for '" << issued->subject().to_string() << "' serial "
              << issued->serial_hex() << " written to " << o->out << "\n";
    return static_cast<int>(kExitOk);
  });

  CLI::App* show = cert->add_subcommand("show", "print a certificate's fields");
  show->add_option("file", o->file, "certificate (PEM, DER or base64 DER)")->required();
  show->add_flag("--json", o->json, "print JSON");
  on_run(show, context, [o] {
    auto c = load_certificate(o->file);
    if (!c.ok()) return report_error(c.error());
    if (o->json) {
      std::cout << json_text(certificate_json(*c), 2) << "\n";
    } else {
      print_certificate(*c);
    }
    return static_cast<int>(kExitOk);
  });

  CLI::App* verify = cert->add_subcommand("verify", "validate a certificate path");
  verify->add_option("file", o->file, "certificate to check")->required();
  verify->add_option("--trust", o->trust, "trusted root certificate(s), PEM bundle")->required();
  verify->add_option("--untrusted", o->untrusted, "intermediate certificates for path building");
  verify->add_option("--crl", o->crls, "CRL(s) to check revocation against");
  verify->add_option("--at", o->at, "validation time (ISO 8601, default now)");
  verify->add_flag("--json", o->json, "print JSON");
  on_run(verify, context, [o] {
    auto leaf = load_certificate(o->file);
    if (!leaf.ok()) return report_error(leaf.error());
    crypto::TrustStore store;
    auto anchors = load_certificates(o->trust);
    if (!anchors.ok()) return report_error(anchors.error());
    store.anchors = *anchors;
    if (!o->untrusted.empty()) {
      auto chain = load_certificates(o->untrusted);
      if (!chain.ok()) return report_error(chain.error());
      store.intermediates = *chain;
    }
    for (const std::string& path : o->crls) {
      auto crl = load_crl(path);
      if (!crl.ok()) return report_error(crl.error());
      store.crls.push_back(*crl);
    }
    crypto::ChainOptions options;
    if (!o->at.empty()) {
      auto at = parse_time_argument(o->at);
      if (!at.ok()) return report_error(at.error());
      options.at = *at;
    }
    auto chain = crypto::validate_chain(*leaf, store, options);
    json result;
    result["valid"] = chain.ok();
    result["trusted"] = chain.ok();
    result["subject"] = leaf->subject().to_string();
    if (chain.ok()) {
      json path = json::array();
      for (const auto& c : chain->path) path.push_back(c.subject().to_string());
      result["chain"] = path;
      result["warnings"] = chain->warnings;
    } else {
      result["error"] = {{"code", chain.error().code}, {"message", chain.error().message}};
    }
    if (o->json) {
      std::cout << json_text(result, 2) << "\n";
    } else if (chain.ok()) {
      std::cout << o->file << ": OK (" << chain->path.size() << " certificates in the path)\n";
      for (const std::string& warning : chain->warnings)
        std::cout << "  warning: " << warning << "\n";
    } else {
      std::cout << o->file << ": INVALID: " << chain.error().message << " (" << chain.error().code
                << ")\n";
    }
    return chain.ok() ? static_cast<int>(kExitOk) : static_cast<int>(kExitInvalid);
  });
}

const CommandRegistrar kRegistrar(30, add_cert_commands);

}  // namespace

}  // namespace gmseal::cli
