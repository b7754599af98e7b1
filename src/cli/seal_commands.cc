// gmseal seal make ... [--ext OID=TEXT|OID=hex:HEX]... [--ext-file OID=PATH]... --out seal.esl
// gmseal seal show FILE [--json] [--extract-picture PATH]
// gmseal seal verify FILE [--trust ROOT.pem]... [--cert CA.pem]... [--crl CRL]... [--at TIME]
//                         [--status-url URL [--status-cert PEM]... [--status-tls-ca PEM]]
//                         [--json]
// Exit codes: 0 valid / done, 1 invalid, 2 usage or input error.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/online_status_option.h"
#include "cli/service_flags.h"
#include "cli/ses_output.h"
#include "cli/signing_key.h"
#include "crypto/signer.h"
#include "ses/make_seal.h"
#include "ses/verdict_json.h"
#include "ses/verify_seal.h"
#include "tsa/http/tsa_client.h"
#include "util/file_io.h"
#include "util/json_text.h"

namespace gmseal::cli {

namespace {

// "OID=TEXT", "OID=text:TEXT" or "OID=hex:0A0B..." -> ExtData (`option` names the flag in
// errors).
Result<ses::ExtData> parse_ext(const std::string& text, bool critical, const std::string& option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return make_error("cli.usage", "extension '" + text + "' must be OID=VALUE", option);
  }
  const std::string oid = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  if (value.starts_with("hex:")) {
    auto bytes = hex_decode(value.substr(4));
    if (!bytes.ok()) {
      return make_error(
          "cli.usage",
          "extension " + oid + ": the value after hex: is not hex digits: " + bytes.error().message,
          option);
    }
    return ses::ExtData{oid, critical, std::move(*bytes)};
  }
  if (value.starts_with("text:")) return ses::ExtData{oid, critical, to_bytes(value.substr(5))};
  return ses::ExtData{oid, critical, to_bytes(value)};
}

// "OID=PATH" -> ExtData holding the file's bytes.
Result<ses::ExtData> read_ext_file(const std::string& text, bool critical,
                                   const std::string& option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return make_error("cli.usage", "extension '" + text + "' must be OID=PATH", option);
  }
  GMSEAL_ASSIGN_OR_RETURN(Bytes value, read_file(text.substr(eq + 1)));
  return ses::ExtData{text.substr(0, eq), critical, std::move(value)};
}

struct MakeOptions {
  std::string maker_key, maker_pass, maker_token, maker_cert, picture, picture_type, out;
  std::vector<std::string> signer_certs, exts, critical_exts, ext_files, critical_ext_files;
  std::string format = "v4", list_type = "certs", tsa_url;
  std::string es_id, vid = "gmseal", name, valid_from, valid_to, created;
  std::int64_t type = 1, width = 40, height = 40;
  int valid_days = 365;
};

int run_make(const MakeOptions& o) {
  auto key = open_signing_key({o.maker_key, o.maker_pass, o.maker_token, "--maker-key"});
  if (!key.ok()) return report_error(key.error());
  auto maker_cert = signing_certificate(*key, o.maker_cert, "--maker-cert");
  if (!maker_cert.ok()) return report_error(maker_cert.error());
  ses::SealSpec spec;
  spec.format = o.format == "v5" ? ses::Format::kV5 : ses::Format::kV4;
  if (!o.tsa_url.empty()) {
    if (spec.format != ses::Format::kV5) {
      return report_error(make_error("cli.usage",
                                     "--tsa needs --format v5 (only GM/T 0031-2025 "
                                     "seals carry a timestamp)",
                                     "tsa"));
    }
    // GM/T 0031-2025: the timestamp covers the maker's signedValue.
    spec.timestamper = [url = o.tsa_url](ByteView signed_value) {
      return tsa::request_token(url, signed_value);
    };
  }
  spec.vid = o.vid;
  spec.es_id = o.es_id;
  spec.type = o.type;
  spec.name = o.name;
  spec.cert_list_type = o.list_type == "digests" || o.list_type == "2"
                            ? ses::CertListType::kDigests
                            : ses::CertListType::kCertificates;
  for (const std::string& path : o.signer_certs) {
    auto certs = load_certificates(path);
    if (!certs.ok()) return report_error(certs.error());
    spec.signer_certs.insert(spec.signer_certs.end(), certs->begin(), certs->end());
  }
  auto picture = read_file(o.picture);
  if (!picture.ok()) return report_error(picture.error());
  spec.picture.data = std::move(*picture);
  std::string type = o.picture_type;
  if (type.empty()) {
    type = std::filesystem::path(o.picture).extension().string();
    if (!type.empty()) type.erase(0, 1);
  }
  spec.picture.type = type;
  spec.picture.width_mm = o.width;
  spec.picture.height_mm = o.height;
  const Time start_default = now();
  if (!o.created.empty()) {
    auto t = parse_time_argument(o.created);
    if (!t.ok()) return report_error(make_error(t.error().code, t.error().message, "--created"));
    spec.create_date = *t;
  }
  spec.valid_start = start_default;
  if (!o.valid_from.empty()) {
    auto t = parse_time_argument(o.valid_from);
    if (!t.ok()) return report_error(make_error(t.error().code, t.error().message, "--valid-from"));
    spec.valid_start = *t;
  }
  spec.valid_end = spec.valid_start + std::chrono::days(o.valid_days);
  if (!o.valid_to.empty()) {
    auto t = parse_time_argument(o.valid_to);
    if (!t.ok()) return report_error(make_error(t.error().code, t.error().message, "--valid-to"));
    spec.valid_end = *t;
  }
  // Extensions in the order of the flags' kinds: --ext, --critical-ext, --ext-file,
  // --critical-ext-file.
  const auto add_exts = [&spec](const std::vector<std::string>& items, bool critical,
                                const std::string& option, auto parse) -> Status {
    for (const std::string& item : items) {
      GMSEAL_ASSIGN_OR_RETURN(ses::ExtData ext, parse(item, critical, option));
      spec.ext_datas.push_back(std::move(ext));
    }
    return {};
  };
  if (auto s = add_exts(o.exts, false, "--ext", parse_ext); !s.ok()) return report_error(s.error());
  if (auto s = add_exts(o.critical_exts, true, "--critical-ext", parse_ext); !s.ok()) {
    return report_error(s.error());
  }
  if (auto s = add_exts(o.ext_files, false, "--ext-file", read_ext_file); !s.ok()) {
    return report_error(s.error());
  }
  if (auto s = add_exts(o.critical_ext_files, true, "--critical-ext-file", read_ext_file);
      !s.ok()) {
    return report_error(s.error());
  }
  auto seal = ses::make_seal(spec, *maker_cert, *key->signer);
  if (!seal.ok()) return report_error(seal.error());
  if (auto s = write_file_atomic(o.out, ByteView(seal->der())); !s.ok()) {
    return report_error(s.error());
  }
  std::cout << ses::to_string(seal->format()) << " seal '" << seal->info().property.name
            << "' (esID " << seal->info().es_id << ", " << seal->der().size()
            << " bytes) written to " << o.out << "\n";
  return kExitOk;
}

void add_seal_commands(CLI::App& app, CommandContext& context) {
  CLI::App* seal =
      app.add_subcommand("seal", "GB/T 38540 electronic seals (.esl): make, show, verify");
  seal->require_subcommand(1);

  auto m = std::make_shared<MakeOptions>();
  CLI::App* make = seal->add_subcommand("make", "make a seal signed by the seal maker");
  make->add_option("--maker-key", m->maker_key, "maker private key (PEM/DER or .p12)");
  make->add_option("--token", m->maker_token,
                   "the maker key in a token instead: skf:lib=..;con=.. | sdf:lib=..;index=N");
  make->add_option("--maker-pass", m->maker_pass, "maker key password; also GMSEAL_KEY_PASS");
  make->add_option("--maker-cert", m->maker_cert,
                   "maker certificate (default: the one beside the key, in a .p12 or container)");
  make->add_option("--signer-cert", m->signer_certs,
                   "signer certificate(s) the seal is for (repeatable, PEM bundles allowed)")
      ->required();
  make->add_option("--cert-list-type", m->list_type,
                   "certs (1: the certificates, default) or digests (2: their SM3 digests)")
      ->check(CLI::IsMember({"certs", "digests", "1", "2"}));
  make->add_option("--picture", m->picture, "seal image (PNG, GIF, BMP, JPG, SVG or OFD)")
      ->required();
  make->add_option("--picture-type", m->picture_type, "picture type (default: file extension)");
  make->add_option("--width", m->width, "display width in mm (default 40)");
  make->add_option("--height", m->height, "display height in mm (default 40)");
  make->add_option("--es-id", m->es_id, "unique seal id (IA5)")->required();
  make->add_option("--vid", m->vid, "vendor id (default gmseal)");
  make->add_option("--type", m->type, "seal type (integer, business-defined; default 1)");
  make->add_option("--name", m->name, "seal name (UTF-8)")->required();
  make->add_option("--created", m->created, "createDate (default now)");
  make->add_option("--valid-from", m->valid_from, "validity start (default now)");
  make->add_option("--valid-to", m->valid_to, "validity end (default start + --valid-days)");
  make->add_option("--valid-days", m->valid_days, "validity in days (default 365)");
  make->add_option("--ext", m->exts,
                   "extension (ExtData) OID=VALUE, repeatable; VALUE is UTF-8 text, or bytes as "
                   "hex:0A0B.. (text:... keeps a value that starts with 'hex:' as text)");
  make->add_option("--critical-ext", m->critical_exts,
                   "critical extension OID=VALUE (VALUE as for --ext), repeatable");
  make->add_option("--ext-file", m->ext_files,
                   "extension OID=PATH: the value is the file's bytes (binary), repeatable");
  make->add_option("--critical-ext-file", m->critical_ext_files,
                   "critical extension OID=PATH (as --ext-file), repeatable");
  make->add_option("--format", m->format, "v4 (GB/T 38540, default) or v5 (GM/T 0031-2025)")
      ->check(CLI::IsMember({"v4", "v5"}));
  make->add_option("--out", m->out, "output file (.esl)")->required();
  make->add_option("--tsa", m->tsa_url,
                   "timestamp the maker's signature at this RFC 3161 TSA (v5 only; "
                   "http:// or https://HOST:PORT/tsa)");
  add_tls_ca_flag(make);  // for an https --tsa
  on_run(make, context, [m] { return run_make(*m); });

  struct ShowOptions {
    std::string file, picture_out;
    bool json = false;
  };
  auto s = std::make_shared<ShowOptions>();
  CLI::App* show = seal->add_subcommand("show", "print every field of a seal");
  show->add_option("file", s->file, "seal file (DER)")->required();
  show->add_flag("--json", s->json, "print JSON");
  show->add_option("--extract-picture", s->picture_out, "write the seal picture to this file");
  on_run(show, context, [s] {
    auto data = read_file(s->file);
    if (!data.ok()) return report_error(data.error());
    auto parsed = ses::Seal::parse(*data);
    if (!parsed.ok()) return report_error(parsed.error());
    if (s->json) {
      std::cout << json_text(ses::seal_json(*parsed), 2) << "\n";
    } else {
      print_seal_text(*parsed);
    }
    if (!s->picture_out.empty()) {
      if (auto st = extract_picture(*parsed, s->picture_out); !st.ok()) {
        return report_error(st.error());
      }
      if (!s->json) std::cout << "picture written to " << s->picture_out << "\n";
    }
    return static_cast<int>(kExitOk);
  });

  struct VerifyOptions {
    std::string file, at;
    std::vector<std::string> trust, certs, crls, status_certs;
    std::string status_url, status_tls_ca;
    bool json = false;
  };
  auto v = std::make_shared<VerifyOptions>();
  CLI::App* verify = seal->add_subcommand(
      "verify", "verify a seal: format, maker signature, maker certificate, validity window");
  verify->add_option("file", v->file, "seal file (DER)")->required();
  verify->add_option("--trust", v->trust, "trusted root certificate(s), repeatable");
  verify->add_option("--cert", v->certs, "intermediate certificate(s), repeatable");
  verify->add_option("--crl", v->crls, "CRL(s), repeatable");
  verify->add_option("--at", v->at, "check the validity window at this time (default now)");
  verify->add_option("--status-url", v->status_url,
                     "ask the seal's platform for its status (URL of its status service)");
  verify->add_option("--status-cert", v->status_certs,
                     "certificate pinned as the status answers' signer, repeatable");
  verify->add_option("--status-tls-ca,--tls-ca", v->status_tls_ca,
                     "https status service: CA certificate(s) (PEM) its TLS certificate must "
                     "chain to, instead of the system's CA store");
  verify->add_flag("--json", v->json, "print the verdict as JSON");
  on_run(verify, context, [v] {
    auto data = read_file(v->file);
    if (!data.ok()) return report_error(data.error());
    ses::SealVerifyOptions options;
    // The same online check as `gmseal verify DOC --status-url`, answers trusted the same way.
    VerifyRequest status_request;
    status_request.trust = v->trust;
    status_request.certificates = v->certs;
    status_request.crls = v->crls;
    status_request.status_url = v->status_url;
    status_request.status_certs = v->status_certs;
    status_request.status_tls_ca = v->status_tls_ca;
    auto status_check = online_status_check(status_request);
    if (!status_check.ok()) return report_error(status_check.error());
    options.status_check = std::move(*status_check);
    auto trust = load_trust_store(v->trust, v->certs, v->crls);
    if (!trust.ok()) return report_error(trust.error());
    options.trust = std::move(*trust);
    if (!v->at.empty()) {
      auto t = parse_time_argument(v->at);
      if (!t.ok()) return report_error(make_error(t.error().code, t.error().message, "--at"));
      options.at = *t;
    }
    std::optional<ses::Seal> parsed;
    const ses::VerifyReport report = ses::verify_seal_der(*data, options, &parsed);
    if (v->json) {
      std::cout << json_text(ses::seal_verdict_json(parsed ? &*parsed : nullptr, report), 2)
                << "\n";
    } else {
      if (parsed) print_seal_text(*parsed);
      print_report_text(report);
    }
    if (!parsed) return report_unparsable(report, v->file, "an electronic seal (SES_Seal)");
    return static_cast<int>(report.valid() ? kExitOk : kExitInvalid);
  });
}

const CommandRegistrar kRegistrar(40, add_seal_commands);

}  // namespace

}  // namespace gmseal::cli
