// gmseal ses show SIGNED_VALUE.dat [--data-hash HEX] [--json] [--extract-picture PATH]
// gmseal ses verify SIGNED_VALUE.dat [--data-hash HEX] [--trust ROOT.pem]... [--cert C]...
//                   [--crl CRL]... [--at TIME] [--json]
// An SES_Signature on its own (e.g. taken out of an OFD); the document hash is compared with
// --data-hash when given (the OFD/PDF commands compute it from the document).
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/ses_output.h"
#include "ses/verdict_json.h"
#include "ses/verify_signature.h"
#include "util/file_io.h"
#include "util/json_text.h"

namespace gmseal::cli {

namespace {

void add_ses_commands(CLI::App& app, CommandContext& context) {
  CLI::App* ses = app.add_subcommand(
      "ses", "GB/T 38540 electronic signatures (SES_Signature, SignedValue.dat): show, verify");
  ses->require_subcommand(1);

  struct ShowOptions {
    std::string file, picture_out, data_hash;
    bool json = false;
  };
  auto s = std::make_shared<ShowOptions>();
  CLI::App* show = ses->add_subcommand("show", "print every field of a signature and its seal");
  show->add_option("file", s->file, "SES_Signature file (DER)")->required();
  show->add_option("--data-hash", s->data_hash,
                   "hash of the original (hex): say whether the signature's dataHash equals it");
  show->add_flag("--json", s->json, "print JSON");
  show->add_option("--extract-picture", s->picture_out, "write the seal picture to this file");
  on_run(show, context, [s] {
    auto data = read_file(s->file);
    if (!data.ok()) return report_error(data.error());
    std::optional<Bytes> expected_hash;
    if (!s->data_hash.empty()) {
      auto hash = hex_decode(s->data_hash);
      if (!hash.ok()) {
        return report_error(make_error(hash.error().code, hash.error().message, "--data-hash"));
      }
      expected_hash = std::move(*hash);
    }
    auto parsed = ses::Signature::parse(*data);
    if (!parsed.ok()) return report_error(parsed.error());
    std::optional<bool> hash_matches;
    if (expected_hash) hash_matches = *expected_hash == parsed->data_hash();
    if (s->json) {
      nlohmann::json out = {{"format", std::string(ses::to_string(parsed->format()))},
                            {"tbsVersion", parsed->tbs_version()},
                            {"seal", ses::seal_json(parsed->seal())},
                            {"propertyInfo", ses::utf8_safe(parsed->property_info())},
                            {"dataHash", hex_encode(parsed->data_hash())},
                            {"signAlgId", parsed->sign_alg_oid()},
                            {"signature", hex_encode(parsed->signature_value())},
                            {"timeStamp", parsed->timestamp().has_value()},
                            {"extDatas", ses::ext_datas_json(parsed->ext_datas())}};
      out["timeStampDer"] = parsed->timestamp() ? nlohmann::json(hex_encode(*parsed->timestamp()))
                                                : nlohmann::json(nullptr);
      if (hash_matches) out["dataHashMatches"] = *hash_matches;
      out["signedAt"] = parsed->signing_time()
                            ? nlohmann::json(format_iso8601(*parsed->signing_time()))
                            : nlohmann::json(nullptr);
      auto cert = parsed->signer_cert();
      out["signer"] = cert.ok() ? ses::certificate_json(*cert) : nlohmann::json(nullptr);
      std::cout << json_text(out, 2) << "\n";
    } else {
      print_signature_text(*parsed);
      if (hash_matches) {
        std::cout << "Data hash vs --data-hash: "
                  << (*hash_matches ? "matches" : "DIFFERS (the signature is not over that data)")
                  << "\n";
      }
    }
    if (!s->picture_out.empty()) {
      if (auto st = extract_picture(parsed->seal(), s->picture_out); !st.ok()) {
        return report_error(st.error());
      }
      if (!s->json) std::cout << "picture written to " << s->picture_out << "\n";
    }
    return static_cast<int>(kExitOk);
  });

  struct VerifyOptions {
    std::string file, at, data_hash;
    std::vector<std::string> trust, certs, crls;
    bool json = false;
  };
  auto v = std::make_shared<VerifyOptions>();
  CLI::App* verify = ses->add_subcommand(
      "verify", "verify a signature: every GB/T 38540 step (the document hash with --data-hash)");
  verify->add_option("file", v->file, "SES_Signature file (DER)")->required();
  verify->add_option("--data-hash", v->data_hash, "expected hash of the original (hex)");
  verify->add_option("--trust", v->trust, "trusted root certificate(s), repeatable");
  verify->add_option("--cert", v->certs, "intermediate certificate(s), repeatable");
  verify->add_option("--crl", v->crls, "CRL(s), repeatable");
  verify->add_option("--at", v->at, "time to use when the signature has no readable time");
  verify->add_flag("--json", v->json, "print the verdict as JSON");
  on_run(verify, context, [v] {
    auto data = read_file(v->file);
    if (!data.ok()) return report_error(data.error());
    ses::SignatureVerifyOptions options;
    auto trust = load_trust_store(v->trust, v->certs, v->crls);
    if (!trust.ok()) return report_error(trust.error());
    options.trust = std::move(*trust);
    if (!v->at.empty()) {
      auto t = parse_time_argument(v->at);
      if (!t.ok()) return report_error(make_error(t.error().code, t.error().message, "--at"));
      options.at = *t;
    }
    if (!v->data_hash.empty()) {
      auto hash = hex_decode(v->data_hash);
      if (!hash.ok()) {
        return report_error(make_error(hash.error().code, hash.error().message, "--data-hash"));
      }
      options.data_hash = [expected = *hash](const ses::Signature&) -> Result<Bytes> {
        return expected;
      };
    }
    std::optional<ses::Signature> parsed;
    const ses::VerifyReport report = ses::verify_signature_der(*data, options, &parsed);
    if (v->json) {
      std::vector<nlohmann::json> entries;
      entries.push_back(ses::signature_entry_json(parsed ? &*parsed : nullptr, report));
      std::cout << json_text(ses::signatures_verdict_json(std::move(entries)), 2) << "\n";
    } else {
      if (parsed) print_signature_text(*parsed);
      print_report_text(report);
    }
    if (!parsed)
      return report_unparsable(report, v->file, "an electronic signature (SES_Signature)");
    return static_cast<int>(report.valid() ? kExitOk : kExitInvalid);
  });
}

const CommandRegistrar kRegistrar(41, add_ses_commands);

}  // namespace

}  // namespace gmseal::cli
