#include "ofd/verify_document.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "crypto/cms_signed_data.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "ofd/document.h"
#include "ofd/path.h"
#include "ofd/signature_list.h"
#include "ses/cms_signature_check.h"
#include "ses/verdict_json.h"
#include "ses/verify_signature.h"

namespace gmseal::ofd {

namespace {

using ses::CheckResult;
using ses::VerifyReport;

// The files a signature entry owns: its Signature.xml, SignedValue.dat and Seal.esl.
std::set<std::string> own_files(const Package& package, const SignatureEntry& entry) {
  std::set<std::string> files{entry.signature_path};
  auto bytes = package.read(entry.signature_path);
  if (!bytes.ok()) return files;
  auto xml = parse_signature_xml(*bytes, entry.signature_path);
  if (!xml.ok()) return files;
  const std::string dir = parent_dir(entry.signature_path);
  if (auto p = resolve_in_package(package, xml->signed_value_loc, dir, "/"); p.ok()) {
    files.insert(*p);
  }
  if (!xml->seal_loc.empty()) {
    if (auto p = resolve_in_package(package, xml->seal_loc, dir, "/"); p.ok()) files.insert(*p);
  }
  return files;
}

void check_references_of(const Package& package, const SignatureEntry& entry,
                         const std::string& list_path, const std::set<std::string>& exempt_files,
                         SignatureVerdict& verdict) {
  std::set<std::string> exempt = exempt_files;
  verdict.references = check_references(package, *verdict.xml, exempt);
  // Signatures.xml changes with every signature after this one: left out (continue mode) it is
  // not "unreferenced"; included (final mode) it must match like any file.
  auto& unreferenced = verdict.references.unreferenced;
  unreferenced.erase(std::remove(unreferenced.begin(), unreferenced.end(), list_path),
                     unreferenced.end());
  VerifyReport& report = verdict.report;
  const ReferenceReport& refs = verdict.references;
  if (!refs.method_known) {
    report.fail(kCheckReferences,
                "References CheckMethod '" + verdict.xml->check_method + "' is not a known digest",
                "CheckMethod");
  } else if (refs.results.empty()) {
    report.fail(kCheckReferences, "the signature lists no References", "References");
  } else if (refs.all_match()) {
    report.pass(kCheckReferences, std::to_string(refs.results.size()) + " files match their " +
                                      refs.method.name + " CheckValue");
  } else {
    std::string field;
    for (const ReferenceResult& r : refs.results) {
      if (r.status == ReferenceStatus::kMatch) continue;
      if (!field.empty()) field += ",";
      field += r.path.empty() ? r.file_ref : r.path;
    }
    report.fail(kCheckReferences, refs.failures(), field);
  }
  if (refs.method_known && refs.method.weak) {
    report.warn(kCheckCheckMethod,
                "References use " + refs.method.name + ", not SM3 (1.2.156.10197.1.401)",
                "CheckMethod");
  }
  if (!refs.unreferenced.empty()) {
    std::string list;
    for (const std::string& path : refs.unreferenced) list += (list.empty() ? "" : ", ") + path;
    if (verdict.xml->provider_name == kGmsealProvider) {
      report.fail(kCheckUnreferencedFiles,
                  "files added after signing (this signature covered every file): " + list, list);
    } else {
      report.warn(kCheckUnreferencedFiles, "files this signature does not cover: " + list, list);
    }
  }
  (void)entry;
}

void verify_seal_signature(const Package& package, ByteView signature_xml, ByteView signed_value,
                           const DocumentVerifyOptions& options, SignatureVerdict& verdict) {
  ses::SignatureVerifyOptions ses_options;
  ses_options.trust = options.trust;
  ses_options.require_crl = options.require_crl;
  ses_options.status_check = options.status_check;
  const Bytes xml_bytes(signature_xml.begin(), signature_xml.end());
  // dataHash = SM3 of Signature.xml exactly as stored (ses-formats.md §1.2).
  ses_options.data_hash = [xml_bytes](const ses::Signature&) -> Result<Bytes> {
    const crypto::Sm3Digest digest = crypto::sm3(xml_bytes);
    return Bytes(digest.begin(), digest.end());
  };
  std::optional<ses::Signature> parsed;
  const VerifyReport ses_report = ses::verify_signature_der(signed_value, ses_options, &parsed);
  verdict.report.merge(ses_report, "");
  verdict.report.set_trusted(ses_report.trusted());
  if (!parsed) return;
  verdict.ses_signature = parsed;

  auto property = resolve_loc(parsed->property_info(), "/");
  if (property.ok() && *property == verdict.signature_xml_path) {
    verdict.report.pass(kCheckPropertyInfo, "propertyInfo names " + verdict.signature_xml_path);
  } else {
    verdict.report.warn(kCheckPropertyInfo,
                        "propertyInfo '" + parsed->property_info() + "' does not name " +
                            verdict.signature_xml_path,
                        "propertyInfo");
  }
  if (verdict.xml->seal_loc.empty()) {
    verdict.report.skip(kCheckSealFile, "no Seal.esl (the seal is inside SignedValue.dat)");
    return;
  }
  auto seal_path = resolve_in_package(package, verdict.xml->seal_loc,
                                      parent_dir(verdict.signature_xml_path), "/");
  auto seal_bytes = seal_path.ok() ? package.read(*seal_path) : Result<ByteView>(seal_path.error());
  if (!seal_bytes.ok()) {
    verdict.report.fail(kCheckSealFile, "the Seal.esl named by Signature.xml is missing",
                        verdict.xml->seal_loc);
  } else if (std::equal(seal_bytes->begin(), seal_bytes->end(), parsed->eseal_bytes().begin(),
                        parsed->eseal_bytes().end())) {
    verdict.report.pass(kCheckSealFile, *seal_path + " equals the signed seal");
  } else {
    verdict.report.fail(kCheckSealFile,
                        *seal_path + " differs from the seal inside SignedValue.dat", *seal_path);
  }
}

// Signatures that sign no time (bare SM2, SignedData without signingTime) are judged at the
// SignatureDateTime Signature.xml claims: that text is covered by the signature, but it is the
// signer's claim, not a timestamp, hence the warning.
std::optional<Time> claimed_time(const SignatureXml& xml, VerifyReport& report) {
  const std::optional<Time> at = parse_signature_date_time(xml.signature_date_time);
  if (at) {
    report.warn(ses::kCheckSigningTime,
                "no signed signing time; using SignatureDateTime '" + xml.signature_date_time +
                    "' (" + format_iso8601(*at) + ") claimed in Signature.xml",
                "SignatureDateTime");
  }
  return at;
}

// A bare SM2 signature over Signature.xml (ofdrw's GB/T 35275 "digital signature" writes only
// the 70-odd-byte DER {r,s}); the certificate comes from the caller.
void verify_bare_signature(ByteView signature_xml, ByteView signed_value,
                           const DocumentVerifyOptions& options, SignatureVerdict& verdict) {
  verdict.report.warn(kCheckSignedData,
                      "SignedValue.dat is a bare SM2 signature, not SignedData: it names no "
                      "signer and no signing time",
                      "SignedValue");
  if (options.certificates.empty()) {
    verdict.report.fail(ses::kCheckSignatureValue,
                        "cannot verify a bare signature without the signer certificate (give it "
                        "with --cert)",
                        "SignedValue");
    return;
  }
  crypto::Sm2VerifyOptions sm2_options;
  sm2_options.accept_raw_rs = true;
  for (const crypto::Certificate& cert : options.certificates) {
    auto key = cert.public_key();
    if (!key.ok()) continue;
    if (crypto::sm2_verify(*key, signature_xml, signed_value, sm2_options).ok()) {
      verdict.signer = cert;
      verdict.report.pass(
          ses::kCheckSignatureValue,
          "the SM2 signature over Signature.xml verifies with " + cert.subject().to_string());
      verdict.report.pass(ses::kCheckDataHash, "the signature covers this Signature.xml");
      ses::check_signer_certificate(cert, claimed_time(*verdict.xml, verdict.report), options.trust,
                                    options.require_crl, verdict.report);
      return;
    }
  }
  verdict.report.fail(ses::kCheckSignatureValue,
                      "the bare SM2 signature verifies with none of the given certificates over "
                      "this Signature.xml",
                      "SignedValue");
}

void verify_sign_signature(ByteView signature_xml, ByteView signed_value,
                           const DocumentVerifyOptions& options, SignatureVerdict& verdict) {
  auto cms = crypto::parse_cms_signed_data(signed_value);
  if (!cms.ok()) {
    if (signed_value.size() <= 80) {
      verify_bare_signature(signature_xml, signed_value, options, verdict);
      return;
    }
    verdict.report.fail(kCheckSignedData, cms.error().message, "SignedValue");
    return;
  }
  ses::pass_signed_data(*cms, verdict.report);
  ses::CmsSignedPart part;
  part.bytes = signature_xml;
  part.sm3 = crypto::sm3(signature_xml);
  part.name = "this Signature.xml";
  part.changed = "Signature.xml changed after signing";
  auto result =
      ses::check_cms_signature(signed_value, *cms, part, options.certificates, verdict.report);
  if (!result) return;
  verdict.signer = result->signer_certificate;
  // An RFC 3161 token in the SignedData counts as in a PDF: an invalid one fails the signature,
  // a valid one's genTime is the trusted signing time.
  const std::optional<Time> stamped_at =
      ses::check_cms_timestamp(result->timestamp, verdict.report, options.trust);
  verdict.signed_at = stamped_at ? stamped_at : result->signing_time;
  verdict.signed_at_from_tsa = stamped_at.has_value();
  if (!verdict.signed_at) verdict.signed_at = claimed_time(*verdict.xml, verdict.report);
  ses::check_signer_certificate(result->signer_certificate, verdict.signed_at, options.trust,
                                options.require_crl, verdict.report);
}

double round_mm(double mm) { return std::round(mm * 1000) / 1000; }

void check_stamps(const Package& package, const std::optional<DocumentInfo>& document,
                  SignatureVerdict& verdict) {
  const auto& annots = verdict.xml->stamp_annots;
  if (annots.empty()) {
    verdict.report.skip(kCheckStampAnnotations, "no visible stamp");
    return;
  }
  if (!document) {
    verdict.report.fail(kCheckStampAnnotations,
                        "the document's pages cannot be read to place the stamps");
    return;
  }
  std::string pages;
  for (const StampAnnot& annot : annots) {
    const Page* page = find_page(*document, annot.page_ref);
    if (page == nullptr) {
      verdict.report.fail(kCheckStampAnnotations,
                          "StampAnnot '" + annot.id + "' names page ID '" + annot.page_ref +
                              "', which the document does not have",
                          annot.page_ref);
      return;
    }
    const Box media = page_box(package, *document, *page);
    Box visible = annot.boundary;
    if (annot.clip) {
      visible = Box{annot.boundary.x + annot.clip->x, annot.boundary.y + annot.clip->y,
                    annot.clip->w, annot.clip->h};
    }
    verdict.boxes.push_back(
        {page->index + 1, Box{visible.x - media.x, visible.y - media.y, visible.w, visible.h}});
    const bool overlaps = visible.x < media.x + media.w && visible.x + visible.w > media.x &&
                          visible.y < media.y + media.h && visible.y + visible.h > media.y;
    if (!overlaps) {
      verdict.report.fail(kCheckStampAnnotations,
                          "StampAnnot '" + annot.id + "' (" + format_box(visible) +
                              ") lies outside page " + std::to_string(page->index + 1) + " (" +
                              format_box(media) + ")",
                          annot.id);
      return;
    }
    if (!pages.empty()) pages += ", ";
    pages += std::to_string(page->index + 1) + " at " + format_box(annot.boundary);
  }
  verdict.report.pass(kCheckStampAnnotations, "on page " + pages);
}

}  // namespace

bool DocumentVerdict::valid() const {
  return !signatures.empty() &&
         std::all_of(signatures.begin(), signatures.end(),
                     [](const SignatureVerdict& s) { return s.report.valid(); });
}

bool DocumentVerdict::trusted() const {
  return !signatures.empty() &&
         std::all_of(signatures.begin(), signatures.end(),
                     [](const SignatureVerdict& s) { return s.report.trusted(); });
}

Result<DocumentVerdict> verify_document(const Package& package,
                                        const DocumentVerifyOptions& options) {
  DocumentVerdict verdict;
  if (package.leading_junk() != 0 || package.trailing_junk() != 0) {
    verdict.notes.push_back("stray bytes around the ZIP archive were ignored (" +
                            std::to_string(package.leading_junk()) + " before, " +
                            std::to_string(package.trailing_junk()) + " after)");
  }
  std::optional<DocumentInfo> document;
  auto full = read_document(package);
  if (full.ok()) {
    document = *full;
  } else {
    verdict.notes.push_back("document structure unreadable: " + full.error().message);
  }
  GMSEAL_ASSIGN_OR_RETURN(const DocumentInfo entry_info,
                          document ? Result<DocumentInfo>(*document) : read_ofd_entry(package));
  if (entry_info.signatures_path.empty()) {
    verdict.notes.push_back("the document is not signed (OFD.xml names no Signatures)");
    return verdict;
  }
  const std::string& list_path = entry_info.signatures_path;
  auto list_xml = package.read(list_path);
  if (!list_xml.ok()) {
    verdict.notes.push_back("the signature list is missing: " + list_xml.error().message);
    return verdict;
  }
  auto list = parse_signature_list(*list_xml, list_path, package);
  if (!list.ok()) {
    verdict.notes.push_back("the signature list is unreadable: " + list.error().message);
    return verdict;
  }
  if (list->entries.empty()) verdict.notes.push_back(list_path + " lists no signatures");

  std::vector<std::set<std::string>> owned;
  for (const SignatureEntry& entry : list->entries) owned.push_back(own_files(package, entry));

  for (std::size_t i = 0; i < list->entries.size(); ++i) {
    const SignatureEntry& entry = list->entries[i];
    SignatureVerdict s;
    s.id = entry.id;
    s.type = entry.type;
    s.signature_xml_path = entry.signature_path;
    auto xml_bytes = package.read(entry.signature_path);
    if (!xml_bytes.ok()) {
      s.report.fail(kCheckSignatureXml, xml_bytes.error().message, entry.base_loc);
      verdict.signatures.push_back(std::move(s));
      continue;
    }
    auto xml = parse_signature_xml(*xml_bytes, entry.signature_path);
    if (!xml.ok()) {
      s.report.fail(kCheckSignatureXml, xml.error().message, entry.signature_path);
      verdict.signatures.push_back(std::move(s));
      continue;
    }
    s.xml = *xml;
    s.report.pass(kCheckSignatureXml,
                  entry.signature_path + " (" +
                      (xml->provider_name.empty() ? "no provider" : xml->provider_name) + ")");
    std::set<std::string> exempt;
    for (const auto& files : owned) exempt.insert(files.begin(), files.end());
    check_references_of(package, entry, list_path, exempt, s);

    auto value_path =
        resolve_in_package(package, xml->signed_value_loc, parent_dir(entry.signature_path), "/");
    auto signed_value =
        value_path.ok() ? package.read(*value_path) : Result<ByteView>(value_path.error());
    if (!signed_value.ok()) {
      s.report.fail(kCheckSignedValue,
                    "SignedValue.dat is missing: " + signed_value.error().message,
                    xml->signed_value_loc);
    } else {
      s.report.pass(kCheckSignedValue,
                    *value_path + " (" + std::to_string(signed_value->size()) + " bytes)");
      if (entry.type == "Sign") {
        verify_sign_signature(*xml_bytes, *signed_value, options, s);
      } else {
        verify_seal_signature(package, *xml_bytes, *signed_value, options, s);
      }
    }
    check_stamps(package, document, s);
    verdict.signatures.push_back(std::move(s));
  }
  return verdict;
}

nlohmann::json document_verdict_json(const DocumentVerdict& verdict) {
  using nlohmann::json;
  std::vector<json> entries;
  for (const SignatureVerdict& s : verdict.signatures) {
    json entry = ses::signature_entry_json(s.ses_signature ? &*s.ses_signature : nullptr, s.report);
    entry["id"] = s.id;
    entry["type"] = s.type;
    entry["signatureXml"] = s.signature_xml_path;
    if (s.signer) entry["signer"] = ses::certificate_json(*s.signer);
    if (s.signed_at) {
      entry["signedAt"] = {{"time", format_iso8601(*s.signed_at)},
                           {"source", s.signed_at_from_tsa ? "tsa" : "claimed"}};
    }
    json references = json::array();
    for (const ReferenceResult& r : s.references.results) {
      const char* result = r.status == ReferenceStatus::kMatch      ? "match"
                           : r.status == ReferenceStatus::kMismatch ? "changed"
                           : r.status == ReferenceStatus::kMissing  ? "missing"
                                                                    : "unreadable";
      references.push_back({{"fileRef", r.file_ref}, {"path", r.path}, {"result", result}});
    }
    entry["references"] = std::move(references);
    if (s.xml) {
      entry["checkMethod"] = s.xml->check_method;
      entry["provider"] = s.xml->provider_name;
      json stamps = json::array();
      for (const StampAnnot& a : s.xml->stamp_annots) {
        json stamp = {{"id", a.id}, {"pageRef", a.page_ref}, {"boundary", format_box(a.boundary)}};
        if (a.clip) stamp["clip"] = format_box(*a.clip);
        stamps.push_back(std::move(stamp));
      }
      entry["stamps"] = std::move(stamps);
    }
    json boxes = json::array();
    for (const StampBox& b : s.boxes) {
      boxes.push_back({{"page", b.page},
                       {"x", round_mm(b.box.x)},
                       {"y", round_mm(b.box.y)},
                       {"width", round_mm(b.box.w)},
                       {"height", round_mm(b.box.h)}});
    }
    entry["boxes"] = std::move(boxes);
    entries.push_back(std::move(entry));
  }
  json out = ses::signatures_verdict_json(std::move(entries));
  out["notes"] = verdict.notes;
  return out;
}

}  // namespace gmseal::ofd
