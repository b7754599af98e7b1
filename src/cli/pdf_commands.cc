// gmseal sign pdf --in A.pdf --out B.pdf (--key KEY --cert CERT | --token URI)
//                 (--seal SEAL.esl | --digital [--seal SEAL.esl | --image PICTURE])
//                 (--page N --x MM --y MM | --keyword TEXT [--occurrence K|all] |
//                  --riding [--side right|left] [--y MM] [--first-page N] [--last-page M])
//                 [--time T]
// gmseal verify FILE.pdf [--trust ROOT.pem] [--cert C] [--json] [--status-url URL]
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/document_formats.h"
#include "cli/inputs.h"
#include "cli/online_status_option.h"
#include "cli/service_flags.h"
#include "cli/signing_key.h"
#include "crypto/signer.h"
#include "pdf/doc_timestamp.h"
#include "pdf/seal_document.h"
#include "pdf/verify.h"
#include "ses/seal.h"
#include "tsa/http/tsa_client.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

struct SignPdfOptions {
  std::string in, out, key, token, pass, cert, image, seal;
  std::vector<std::string> extra_certs;
  bool digital = false;
  std::string oid_style = "gbt";
  int page = 1;
  double x = 50, y = 50, width = 40, height = 40;
  std::string keyword, occurrence = "1";
  bool riding = false;
  std::string side = "right";
  int first_page = 1, last_page = 0;
  std::size_t reserve = 0;
  std::string sub_filter, reason, location, field;
  std::string time;  // --time: the signing time (/M, SES timeInfo, CMS signingTime)
  bool repair = false;
  std::string tsa_url;  // --tsa: timestamp the signature (or, with --doc-timestamp, the file)
  bool doc_timestamp = false;  // --doc-timestamp: a /DocTimeStamp of the whole file, no key
  bool size_given = false;
  // Which position flags were given (CLI11 counts).
  bool page_given = false, x_given = false, y_given = false, occurrence_given = false,
       pages_given = false, side_given = false;
};

// Exactly one way to place the seal, and only the flags that belong to it (as `sign ofd`).
Status check_position_flags(const SignPdfOptions& o) {
  const bool keyword = !o.keyword.empty();
  const int ways = (o.page_given ? 1 : 0) + (keyword ? 1 : 0) + (o.riding ? 1 : 0);
  if (ways != 1) {
    return make_error("cli.usage",
                      "give exactly one position: --page N --x MM --y MM, --keyword TEXT or "
                      "--riding");
  }
  if (o.page_given && (!o.x_given || !o.y_given)) {
    return make_error("cli.usage", "--page needs --x and --y (mm from the top-left corner)");
  }
  if (keyword && (o.x_given || o.y_given)) {
    return make_error("cli.usage",
                      "--x/--y go with --page; --keyword centres the seal on the text");
  }
  if (o.riding && o.x_given) {
    return make_error("cli.usage", "--x does not apply to --riding (the seal straddles --side)");
  }
  if (o.occurrence_given && !keyword) {
    return make_error("cli.usage", "--occurrence goes with --keyword");
  }
  if ((o.pages_given || o.side_given) && !o.riding) {
    return make_error("cli.usage", "--first-page/--last-page/--side go with --riding");
  }
  return {};
}

void print_result(const SignPdfOptions& o, const pdf::SignResult& result) {
  std::cout << "sealed " << o.out << ": field " << result.field_name << ", " << result.widgets
            << " widget(s), ByteRange [" << result.byte_range[0] << " " << result.byte_range[1]
            << " " << result.byte_range[2] << " " << result.byte_range[3] << "], container "
            << result.container_size << " bytes"
            << (result.rewritten_after_repair ? " (damaged input rewritten first)" : "") << "\n";
}

// --doc-timestamp --tsa URL: an invisible /DocTimeStamp field whose /Contents is the TSA's
// token over the ByteRange (an incremental update; earlier signatures stay intact).
int run_doc_timestamp(const SignPdfOptions& o) {
  if (o.tsa_url.empty()) {
    return report_error(make_error("cli.usage", "--doc-timestamp needs --tsa URL", "tsa"));
  }
  if (!o.key.empty() || !o.token.empty() || !o.seal.empty() || o.digital) {
    return report_error(make_error("cli.usage",
                                   "--doc-timestamp signs with the TSA only: drop --key, --token, "
                                   "--seal and --digital",
                                   "doc-timestamp"));
  }
  pdf::SignOptions options;
  options.document_timestamp = true;
  options.allow_repair = o.repair;
  options.field_name = o.field;
  options.reserve_bytes = o.reserve != 0 ? o.reserve : pdf::kDocTimeStampReserveBytes;
  options.build_container = [url = o.tsa_url](const pdf::ContainerRequest& request) {
    return tsa::request_token_for_digest(url, request.digest);
  };
  auto result = pdf::sign_pdf(o.in, o.out, options);
  if (!result.ok()) return report_error(result.error());
  std::cout << "timestamped " << o.out << ": field " << result->field_name << " (/DocTimeStamp, "
            << "ETSI.RFC3161), token " << result->container_size << " bytes\n";
  return static_cast<int>(kExitOk);
}

int run_sign_pdf(const SignPdfOptions& o) {
  if (o.doc_timestamp) return run_doc_timestamp(o);
  if (auto position = check_position_flags(o); !position.ok()) {
    return report_error(position.error());
  }
  auto key = open_signing_key({o.key, o.pass, o.token});
  if (!key.ok()) return report_error(key.error());
  const std::shared_ptr<crypto::Signer> signer = key->signer;
  auto cert = signing_certificate(*key, o.cert);
  if (!cert.ok()) return report_error(cert.error());
  std::vector<crypto::Certificate> extra;
  for (const std::string& path : o.extra_certs) {
    auto certs = load_certificates(path);
    if (!certs.ok()) return report_error(certs.error());
    extra.insert(extra.end(), certs->begin(), certs->end());
  }
  pdf::SignOptions options;
  options.allow_repair = o.repair;
  options.width_mm = o.width;
  options.height_mm = o.height;
  options.reason = o.reason;
  options.location = o.location;
  options.field_name = o.field;
  options.signer_name = cert->subject().get(crypto::kOidCommonName);
  if (!o.time.empty()) {
    auto at = parse_time_argument(o.time);
    if (!at.ok()) return report_error(at.error());
    options.signing_time = *at;
  }
  pdf::Placement& p = options.placement;
  if (!o.keyword.empty()) {
    p.kind = pdf::PlacementKind::kKeyword;
    p.keyword = o.keyword;
    if (o.occurrence == "all") {
      p.occurrence = 0;
    } else {
      try {
        p.occurrence = std::stoi(o.occurrence);
      } catch (...) {
        p.occurrence = -1;
      }
      if (p.occurrence < 1) {
        return report_error(make_error("cli.usage", "--occurrence takes a number from 1 or 'all'"));
      }
    }
  } else if (o.riding) {
    p.kind = pdf::PlacementKind::kRiding;
    p.side = o.side == "left" ? pdf::RidingSide::kLeft : pdf::RidingSide::kRight;
    p.first_page = o.first_page;
    p.last_page = o.last_page;
  } else {
    p.page = o.page;
  }
  p.x_mm = o.x;
  p.y_mm = o.y;
  if (!o.image.empty()) {
    auto picture = read_file(o.image);
    if (!picture.ok()) return report_error(picture.error());
    options.picture = *picture;
  }
  std::optional<ses::Seal> seal;
  if (!o.seal.empty()) {
    auto seal_bytes = read_file(o.seal);
    if (!seal_bytes.ok()) return report_error(seal_bytes.error());
    auto parsed = ses::Seal::parse(*seal_bytes);
    if (!parsed.ok()) return report_error(parsed.error());
    seal = std::move(*parsed);
  }
  pdf::SealChoices choices;
  choices.reserve_bytes = o.reserve;
  choices.sub_filter = o.sub_filter;
  choices.picture_given = !o.image.empty();
  choices.size_given = o.size_given;
  if (!o.digital) {
    // 电子签章: SES_Signature v4 with the seal's picture at the seal's size.
    if (!seal) {
      return report_error(make_error("cli.usage", "--seal SEAL.esl is required (or --digital)"));
    }
    if (!o.tsa_url.empty()) {  // SES_Signature timeStamp over the signature value
      choices.timestamper = [url = o.tsa_url](ByteView value) {
        return tsa::request_token(url, value);
      };
    }
    auto result = pdf::seal_pdf(o.in, o.out, *seal, *cert, signer, options, choices);
    if (!result.ok()) return report_error(result.error());
    print_result(o, *result);
    return static_cast<int>(kExitOk);
  }
  // 数字签名: the appearance is the seal's picture (--seal) or --image.
  if (!seal && o.image.empty()) {
    return report_error(make_error(
        "cli.usage", "--digital needs a picture to show: --seal SEAL.esl or --image PICTURE"));
  }
  crypto::CmsSignOptions cms;
  cms.oid_style =
      o.oid_style == "pkcs7" ? crypto::CmsOidStyle::kPkcs7 : crypto::CmsOidStyle::kGbt35275;
  cms.extra_certificates = extra;
  if (!o.tsa_url.empty()) {  // unsigned attribute id-aa-timeStampToken over the signature value
    cms.timestamper = [url = o.tsa_url](ByteView value) { return tsa::request_token(url, value); };
  }
  auto result = pdf::sign_pdf_digital(o.in, o.out, *cert, signer, cms, options,
                                      seal ? &*seal : nullptr, choices);
  if (!result.ok()) {
    Error error = result.error();
    if (seal && o.image.empty() && error.code.rfind("pdf.image.", 0) == 0) {
      error.message += " (--image PICTURE shows another picture with --digital)";
    }
    return report_error(error);
  }
  print_result(o, *result);
  return static_cast<int>(kExitOk);
}

void add_sign_pdf(CLI::App& sign, CommandContext& context) {
  auto o = std::make_shared<SignPdfOptions>();
  CLI::App* cmd = sign.add_subcommand("pdf", "seal a PDF (visible seal, incremental update)");
  cmd->add_option("--in", o->in, "the PDF to seal")->required();
  cmd->add_option("--out", o->out, "the sealed PDF (written atomically)")->required();
  cmd->add_option("--key", o->key, "the signer's SM2 private key");
  cmd->add_option("--token", o->token,
                  "or the key in a token: skf:lib=..;con=.. | sdf:lib=..;index=N (docs/keys.md)");
  cmd->add_option("--pass", o->pass, "key password (also GMSEAL_KEY_PASS)");
  cmd->add_option("--cert", o->cert, "the signer's certificate (default: the token's)");
  cmd->add_option("--extra-cert", o->extra_certs, "more certificates to embed (intermediates)");
  cmd->add_flag("--digital", o->digital,
                "write a GB/T 35275 CMS SignedData under adbe.pkcs7.detached (数字签名)");
  cmd->add_option("--oid-style", o->oid_style, "CMS OIDs: gbt (GB/T 35275, default) or pkcs7")
      ->check(CLI::IsMember({"gbt", "pkcs7"}));
  cmd->add_option("--seal", o->seal,
                  "the electronic seal (GB/T 38540 SESeal DER) to sign with; with --digital only "
                  "its picture is used");
  cmd->add_option("--image", o->image,
                  "seal picture (PNG, JPEG, BMP, GIF); default with --seal: the seal's picture");
  CLI::Option* page = cmd->add_option("--page", o->page, "page number (from 1)");
  CLI::Option* x =
      cmd->add_option("--x", o->x, "seal centre, mm from the left edge of the displayed page");
  CLI::Option* y = cmd->add_option(
      "--y", o->y,
      "seal centre, mm from the top edge of the displayed page (--riding: default 50)");
  CLI::Option* width =
      cmd->add_option("--width", o->width,
                      "seal width in mm (default: --image's physical size from its density, "
                      "e.g. a 600 DPI pHYs; the seal's; else 40)");
  CLI::Option* height = cmd->add_option("--height", o->height, "seal height in mm");
  cmd->add_option("--keyword", o->keyword, "centre the seal on this text");
  CLI::Option* occurrence =
      cmd->add_option("--occurrence", o->occurrence, "which occurrence of the keyword: K or 'all'");
  cmd->add_flag("--riding", o->riding, "cross-page seal (骑缝章) across the pages' edge");
  CLI::Option* side =
      cmd->add_option("--side", o->side, "edge for --riding: right (default) or left")
          ->check(CLI::IsMember({"right", "left"}));
  CLI::Option* first_page =
      cmd->add_option("--first-page", o->first_page, "riding seal: first page (default 1)");
  CLI::Option* last_page =
      cmd->add_option("--last-page", o->last_page, "riding seal: last page (default the last)");
  cmd->add_option("--reserve", o->reserve, "bytes reserved for the signature container");
  cmd->add_option("--sub-filter", o->sub_filter, "the /SubFilter to write");
  cmd->add_option("--reason", o->reason, "/Reason");
  cmd->add_option("--location", o->location, "/Location");
  cmd->add_option("--time", o->time, "signing time (ISO 8601; default now)");
  cmd->add_option("--field", o->field, "signature field name (default SignatureN)");
  cmd->add_option(
      "--tsa", o->tsa_url,
      "timestamp the signature at this RFC 3161 TSA (http:// or https://HOST:PORT/tsa)");
  add_tls_ca_flag(cmd);  // for an https --tsa
  cmd->add_flag("--doc-timestamp", o->doc_timestamp,
                "add a document timestamp (/DocTimeStamp, ETSI.RFC3161) from --tsa instead of "
                "a signature");
  cmd->add_flag("--repair", o->repair,
                "seal a damaged file by rewriting it first (only when it carries no signature)");
  on_run(cmd, context, [=] {
    o->size_given = width->count() > 0 || height->count() > 0;
    o->page_given = page->count() > 0;
    o->x_given = x->count() > 0;
    o->y_given = y->count() > 0;
    o->occurrence_given = occurrence->count() > 0;
    o->pages_given = first_page->count() > 0 || last_page->count() > 0;
    o->side_given = side->count() > 0;
    return run_sign_pdf(*o);
  });
}

int verify_pdf_file(const VerifyRequest& request) {
  auto bytes = read_file(request.path);
  if (!bytes.ok()) return report_error(bytes.error());
  pdf::PdfVerifyOptions options;
  if (!request.trust.empty()) {
    crypto::TrustStore store;
    for (const std::string& path : request.trust) {
      auto certs = load_certificates(path);
      if (!certs.ok()) return report_error(certs.error());
      store.anchors.insert(store.anchors.end(), certs->begin(), certs->end());
    }
    for (const std::string& path : request.crls) {
      auto crl = load_crl(path);
      if (!crl.ok()) return report_error(crl.error());
      store.crls.push_back(*crl);
    }
    options.trust = store;
  }
  for (const std::string& path : request.certificates) {
    auto certs = load_certificates(path);
    if (!certs.ok()) return report_error(certs.error());
    options.extra_certificates.insert(options.extra_certificates.end(), certs->begin(),
                                      certs->end());
  }
  auto status_check = online_status_check(request);
  if (!status_check.ok()) return report_error(status_check.error());
  options.status_check = std::move(*status_check);
  auto report = pdf::verify_pdf(*bytes, options);
  if (!report.ok()) return report_error(report.error());
  std::cout << (request.json ? pdf::report_to_json(*report) + "\n" : pdf::report_to_text(*report));
  return report->valid ? static_cast<int>(kExitOk) : static_cast<int>(kExitInvalid);
}

const DocumentFormatRegistrar kPdfFormat({"pdf", {".pdf"}, "%PDF-", add_sign_pdf, verify_pdf_file});

}  // namespace

}  // namespace gmseal::cli
