// OFD documents in the shared commands:
//   gmseal sign ofd --in A.ofd --out B.ofd --seal SEAL.esl (--key KEY [--pass P] | --token URI)
//                   [--cert CERT]
//                   (--page N --x MM --y MM | --keyword TEXT [--occurrence K|all]
//                    | --riding [--side right|left] [--y MM])
//                   [--mode continue|final] [--time T] [--trust ROOT.pem]
//   gmseal sign ofd --digital --in A.ofd --out B.ofd (--key KEY | --token URI) [--cert CERT]
//                   [--mode continue|final] [--time T]
//     (a Type="Sign" signature has no picture and no stamp: --seal, positions and --trust are
//      usage errors with --digital)
//   gmseal verify FILE.ofd [--trust ROOT.pem] [--cert CERT] [--crl CRL] [--json]
//                          [--status-url URL [--status-cert CERT]]
//   gmseal seal extract FILE.ofd --out DIR
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/document_formats.h"
#include "cli/inputs.h"
#include "cli/online_status_option.h"
#include "cli/service_flags.h"
#include "cli/signing_key.h"
#include "crypto/sm3.h"
#include "ofd/document.h"
#include "ofd/package.h"
#include "ofd/path.h"
#include "ofd/seal_document.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "ofd/stamp_placement.h"
#include "ofd/verify_document.h"
#include "ses/signature.h"
#include "ses/verify_report.h"
#include "tsa/http/tsa_client.h"
#include "util/file_io.h"
#include "util/json_text.h"

namespace gmseal::cli {

namespace {

struct SignOfdOptions {
  std::string in, out, seal, key, token, pass, cert, keyword, occurrence = "1", side = "right",
                                                              mode = "continue", time, tsa_url;
  std::vector<std::string> trust;
  std::size_t page = 0;
  std::optional<double> x, y;
  bool riding = false;
  bool digital = false;
  // The seal-only options given on this command line (filled in before the run).
  std::vector<std::string> seal_only_given;
};

// Options that only a seal (Type="Seal") uses. A GB/T 33190 Type="Sign" signature carries no
// picture: readers draw a StampAnnot from the seal inside SignedValue.dat, and a GB/T 35275
// SignedData has none, so a digital signature is invisible and these options are refused with
// --digital rather than ignored.
constexpr const char* kSealOnlyOptions[] = {
    "--seal", "--page", "--x", "--y", "--keyword", "--occurrence", "--riding", "--side", "--trust"};

Result<std::vector<ofd::PlacedStamp>> placement(const SignOfdOptions& o,
                                                const ofd::Package& package,
                                                const ofd::SealSize& size) {
  GMSEAL_ASSIGN_OR_RETURN(const ofd::DocumentInfo document, ofd::read_document(package));
  const int ways = (o.page != 0 ? 1 : 0) + (!o.keyword.empty() ? 1 : 0) + (o.riding ? 1 : 0);
  if (ways != 1) {
    return make_error("cli.usage",
                      "give exactly one position: --page N --x MM --y MM, --keyword TEXT or "
                      "--riding");
  }
  if (o.page != 0) {
    if (!o.x || !o.y) return make_error("cli.usage", "--page needs --x and --y (mm)");
    return ofd::place_at(document, o.page, *o.x, *o.y, size);
  }
  if (!o.keyword.empty()) {
    std::size_t occurrence = 0;
    if (o.occurrence != "all") {
      try {
        occurrence = static_cast<std::size_t>(std::stoul(o.occurrence));
      } catch (...) {
        occurrence = 0;
      }
      if (occurrence == 0) {
        return make_error("cli.usage", "--occurrence takes a number from 1, or 'all'");
      }
    }
    return ofd::place_at_keyword(package, document, o.keyword, occurrence, size);
  }
  return ofd::place_riding(package, document,
                           o.side == "left" ? ofd::RidingSide::kLeft : ofd::RidingSide::kRight, o.y,
                           size);
}

Result<crypto::TrustStore> trust_store(const std::vector<std::string>& trust,
                                       const std::vector<std::string>& crls) {
  crypto::TrustStore store;
  for (const std::string& path : trust) {
    GMSEAL_ASSIGN_OR_RETURN(std::vector<crypto::Certificate> certs, load_certificates(path));
    store.anchors.insert(store.anchors.end(), certs.begin(), certs.end());
  }
  for (const std::string& path : crls) {
    GMSEAL_ASSIGN_OR_RETURN(crypto::Crl crl, load_crl(path));
    store.crls.push_back(std::move(crl));
  }
  return store;
}

int run_sign_ofd(const SignOfdOptions& o) {
  if (o.digital && !o.seal_only_given.empty()) {
    std::string given;
    for (const std::string& name : o.seal_only_given) given += (given.empty() ? "" : ", ") + name;
    return report_error(make_error(
        "cli.usage",
        "--digital makes an invisible Type=\"Sign\" signature (GB/T 35275 SignedData, no seal "
        "picture, no stamp on the page); " +
            given +
            " only apply to a seal: drop them, or drop --digital and sign with --seal SEAL.esl",
        o.seal_only_given.front().substr(2)));
  }
  auto package = ofd::Package::open_file(o.in);
  if (!package.ok()) return report_error(package.error());
  auto key = open_signing_key({o.key, o.pass, o.token});
  if (!key.ok()) return report_error(key.error());
  auto cert = signing_certificate(*key, o.cert);
  if (!cert.ok()) return report_error(cert.error());
  ofd::NewSignature spec;
  spec.signing_time = now();
  if (!o.time.empty()) {
    auto at = parse_time_argument(o.time);
    if (!at.ok()) return report_error(at.error());
    spec.signing_time = *at;
  }
  spec.mode = o.mode == "final" ? ofd::SignMode::kFinal : ofd::SignMode::kContinue;
  crypto::Signer& signer = *key->signer;
  // --tsa: an RFC 3161 token over the signature value (SES_Signature timeStamp, or the CMS
  // unsigned attribute timeStampToken for --digital).
  ses::TimestampFn timestamper;
  if (!o.tsa_url.empty()) {
    timestamper = [url = o.tsa_url](ByteView value) { return tsa::request_token(url, value); };
  }

  Result<ofd::SignedPackage> result = make_error("cli.usage", "nothing signed");
  if (o.digital) {
    result = ofd::sign_document(*package, *cert, signer, spec, timestamper);
  } else {
    if (o.seal.empty()) {
      return report_error(make_error("cli.usage", "--seal SEAL.esl is required (or --digital)"));
    }
    auto seal_bytes = read_file(o.seal);
    if (!seal_bytes.ok()) return report_error(seal_bytes.error());
    auto seal = ses::Seal::parse(*seal_bytes);
    if (!seal.ok()) {
      return report_error(make_error(seal.error().code, "'" + o.seal + "': " + seal.error().message,
                                     seal.error().field));
    }
    auto stamps = placement(o, *package, ofd::seal_size(*seal));
    if (!stamps.ok()) return report_error(stamps.error());
    spec.stamps = *stamps;
    std::optional<crypto::TrustStore> trust;
    if (!o.trust.empty()) {
      auto store = trust_store(o.trust, {});
      if (!store.ok()) return report_error(store.error());
      trust = *store;
    }
    result = ofd::seal_document(*package, *seal, *cert, signer, spec, trust, timestamper);
  }
  if (!result.ok()) return report_error(result.error());
  // Atomic: a failure above or here leaves no partial output.
  if (auto written = write_file_atomic(o.out, result->archive); !written.ok()) {
    return report_error(written.error());
  }
  std::cout << (o.digital ? "signed " : "sealed ") << o.out << ": signature "
            << result->signature_id << " at " << result->signature_xml_path << " ("
            << (spec.mode == ofd::SignMode::kFinal ? "final" : "continue") << " mode)\n";
  return static_cast<int>(kExitOk);
}

void add_sign_ofd(CLI::App& sign, CommandContext& context) {
  auto o = std::make_shared<SignOfdOptions>();
  CLI::App* cmd = sign.add_subcommand("ofd", "seal (GB/T 38540) or sign (GB/T 35275) an OFD");
  cmd->add_option("--in", o->in, "the OFD to seal")->required();
  cmd->add_option("--out", o->out, "the sealed OFD (written atomically)")->required();
  cmd->add_option("--seal", o->seal, "the electronic seal (.esl, DER SESeal)");
  cmd->add_option("--key", o->key, "signer private key (PEM/DER, or a .p12 key store)");
  cmd->add_option("--token", o->token,
                  "or the key in a token: skf:lib=..;con=.. | sdf:lib=..;index=N (docs/keys.md)");
  cmd->add_option("--pass", o->pass, "key password; also GMSEAL_KEY_PASS");
  cmd->add_option("--cert", o->cert, "signer certificate (default: the one in the .p12)");
  cmd->add_option("--page", o->page, "page number (from 1) for --x/--y");
  cmd->add_option("--x", o->x, "seal centre, mm from the page's left edge");
  cmd->add_option("--y", o->y, "seal centre, mm from the page's top edge");
  cmd->add_option("--keyword", o->keyword, "centre the seal on this text");
  cmd->add_option("--occurrence", o->occurrence, "which occurrence of the keyword (1..), or all");
  cmd->add_flag("--riding", o->riding, "cross-page seal: one slice on every page's edge");
  cmd->add_option("--side", o->side, "edge for --riding")->check(CLI::IsMember({"right", "left"}));
  cmd->add_flag("--digital", o->digital,
                "an invisible Type=\"Sign\" digital signature (GB/T 35275 SignedData) instead of "
                "a seal; refuses --seal, the position options and --trust (exit 2)");
  cmd->add_option("--mode", o->mode,
                  "continue (default: others may sign after) or final (covers Signatures.xml)")
      ->check(CLI::IsMember({"continue", "final"}));
  cmd->add_option("--time", o->time, "signing time (ISO 8601; default now)");
  cmd->add_option("--trust", o->trust, "check the seal's and signer's chains against this root");
  cmd->add_option(
      "--tsa", o->tsa_url,
      "timestamp the signature at this RFC 3161 TSA (http:// or https://HOST:PORT/tsa)");
  add_tls_ca_flag(cmd);  // for an https --tsa
  on_run(cmd, context, [o, cmd] {
    for (const char* name : kSealOnlyOptions) {
      if (cmd->count(name) > 0) o->seal_only_given.emplace_back(name);
    }
    return run_sign_ofd(*o);
  });
}

void print_text(const ofd::DocumentVerdict& verdict, const std::string& path) {
  std::cout << path << ": " << (verdict.valid() ? "VALID" : "INVALID")
            << (verdict.trusted() ? ", trusted" : ", not trusted") << " ("
            << verdict.signatures.size() << " signature(s))\n";
  for (const std::string& note : verdict.notes) std::cout << "  note: " << note << "\n";
  for (const ofd::SignatureVerdict& s : verdict.signatures) {
    std::cout << "signature " << s.id << " (" << s.type << ") " << s.signature_xml_path << ": "
              << (s.report.valid() ? "valid" : "INVALID") << "\n";
    for (const ses::Check& check : s.report.checks()) {
      std::cout << "  [" << ses::to_string(check.result) << "] " << check.name << ": "
                << check.detail << "\n";
    }
  }
}

int verify_ofd(const VerifyRequest& request) {
  auto package = ofd::Package::open_file(request.path);
  if (!package.ok()) return report_error(package.error());
  ofd::DocumentVerifyOptions options;
  if (!request.trust.empty()) {
    auto store = trust_store(request.trust, request.crls);
    if (!store.ok()) return report_error(store.error());
    options.trust = *store;
  }
  for (const std::string& path : request.certificates) {
    auto certs = load_certificates(path);
    if (!certs.ok()) return report_error(certs.error());
    options.certificates.insert(options.certificates.end(), certs->begin(), certs->end());
  }
  auto status_check = online_status_check(request);
  if (!status_check.ok()) return report_error(status_check.error());
  options.status_check = std::move(*status_check);
  auto verdict = ofd::verify_document(*package, options);
  if (!verdict.ok()) return report_error(verdict.error());
  if (request.json) {
    std::cout << json_text(ofd::document_verdict_json(*verdict), 2) << "\n";
  } else {
    print_text(*verdict, request.path);
  }
  return verdict->valid() ? kExitOk : kExitInvalid;
}

const DocumentFormatRegistrar kOfdFormat({.name = "ofd",
                                          .extensions = {".ofd"},
                                          .magic = std::string("PK\x03\x04", 4),
                                          .add_sign_command = add_sign_ofd,
                                          .verify = verify_ofd});

std::string extension_for(std::string type) {
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const char* known : {"png", "gif", "bmp", "jpg", "jpeg", "svg", "ofd", "tif", "tiff"}) {
    if (type == known) return type;
  }
  return "bin";
}

// gmseal seal extract FILE.ofd --out DIR: every seal found (inside SignedValue.dat and as
// Seal.esl files) as DER .esl plus its picture.
int run_seal_extract(const std::string& in, const std::string& out_dir) {
  auto package = ofd::Package::open_file(in);
  if (!package.ok()) return report_error(package.error());
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    return report_error(
        make_error("io.write_failed", "cannot create '" + out_dir + "': " + ec.message()));
  }
  std::set<std::string> seen;  // SM3 of each seal written
  int written = 0;
  const auto save = [&](const ses::Seal& seal, const std::string& stem) -> Status {
    if (!seen.insert(hex_encode(crypto::sm3(seal.der()))).second) return {};
    const std::filesystem::path base = std::filesystem::path(out_dir) / stem;
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(base.string() + ".esl", seal.der()));
    const ses::SealPicture& picture = seal.info().picture;
    std::cout << base.string() << ".esl: " << seal.info().property.name << " ("
              << ses::to_string(seal.format()) << ", esID " << seal.info().es_id << ")\n";
    if (!picture.data.empty()) {
      const std::string file = base.string() + "." + extension_for(picture.type);
      GMSEAL_RETURN_IF_ERROR(write_file_atomic(file, picture.data));
      std::cout << file << ": picture " << picture.type << ", " << picture.width_mm << " x "
                << picture.height_mm << " mm\n";
    }
    ++written;
    return {};
  };
  auto document = ofd::read_ofd_entry(*package);
  if (document.ok() && !document->signatures_path.empty()) {
    if (auto list_xml = package->read(document->signatures_path); list_xml.ok()) {
      if (auto list = ofd::parse_signature_list(*list_xml, document->signatures_path, *package);
          list.ok()) {
        for (const ofd::SignatureEntry& entry : list->entries) {
          auto xml_bytes = package->read(entry.signature_path);
          if (!xml_bytes.ok()) continue;
          auto xml = ofd::parse_signature_xml(*xml_bytes, entry.signature_path);
          if (!xml.ok()) continue;
          auto value_path = ofd::resolve_in_package(*package, xml->signed_value_loc,
                                                    ofd::parent_dir(entry.signature_path), "/");
          if (!value_path.ok()) continue;
          auto value = package->read(*value_path);
          if (!value.ok()) continue;
          auto signature = ses::Signature::parse(*value);
          if (!signature.ok()) continue;
          if (auto s = save(signature->seal(), "seal-" + entry.id); !s.ok()) {
            return report_error(s.error());
          }
        }
      }
    }
  }
  for (const ofd::PackageEntry& entry : package->entries()) {
    const std::string& p = entry.path;
    if (p.size() < 4 || p.substr(p.size() - 4) != ".esl") continue;
    auto seal = ses::Seal::parse(entry.data);
    if (!seal.ok()) continue;
    std::string stem = p.substr(1);
    for (char& c : stem) c = c == '/' ? '_' : c;
    stem = stem.substr(0, stem.size() - 4);
    if (auto s = save(*seal, stem); !s.ok()) return report_error(s.error());
  }
  std::cout << written << " seal(s) extracted from " << in << "\n";
  return written > 0 ? kExitOk : kExitInvalid;
}

void add_ofd_seal_commands(CLI::App& app, CommandContext& context) {
  // `seal` may already exist (the SES commands); extract joins it.
  CLI::App* seal = nullptr;
  try {
    seal = app.get_subcommand("seal");
  } catch (const CLI::Error&) {
    seal = app.add_subcommand("seal", "electronic seals (GB/T 38540)");
    seal->require_subcommand(1);
  }
  auto in = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* extract =
      seal->add_subcommand("extract", "write the seals (.esl) and seal pictures of an OFD");
  extract->add_option("file", *in, "the OFD")->required();
  extract->add_option("--out", *out, "folder for the extracted files")->required();
  on_run(extract, context, [in, out] { return run_seal_extract(*in, *out); });
}

// After the SES commands (which own `seal`), so that `extract` joins their subcommand.
const CommandRegistrar kRegistrar(95, add_ofd_seal_commands);

}  // namespace

}  // namespace gmseal::cli
