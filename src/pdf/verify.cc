#include "pdf/verify.h"

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "crypto/cms_signed_data.h"
#include "pdf/doc_timestamp.h"
#include "pdf/ses_container.h"
#include "ses/cms_signature_check.h"
#include "ses/verdict_json.h"
#include "util/der.h"
#include "util/json_text.h"

namespace gmseal::pdf {

namespace {

std::string og_text(QPDFObjGen og) {
  return std::to_string(og.getObj()) + " " + std::to_string(og.getGen());
}

bool same_entry(const QPDFXRefEntry& a, const QPDFXRefEntry& b) {
  if (a.getType() != b.getType()) return false;
  if (a.getType() == 1) return a.getOffset() == b.getOffset();
  if (a.getType() == 2) {
    return a.getObjStreamNumber() == b.getObjStreamNumber() &&
           a.getObjStreamIndex() == b.getObjStreamIndex();
  }
  return true;
}

std::set<std::string> items_of(QPDFObjectHandle array) {
  std::set<std::string> items;
  if (array.isArray()) {
    for (QPDFObjectHandle i : array.getArrayAsVector()) items.insert(i.unparse());
  }
  return items;
}

bool subset(const std::set<std::string>& small, const std::set<std::string>& big) {
  for (const std::string& s : small) {
    if (big.count(s) == 0) return false;
  }
  return true;
}

std::set<std::string> changed_keys(QPDFObjectHandle before, QPDFObjectHandle after) {
  std::set<std::string> keys = before.getKeys();
  for (const std::string& k : after.getKeys()) keys.insert(k);
  std::set<std::string> changed;
  for (const std::string& k : keys) {
    if (before.getKey(k).unparse() != after.getKey(k).unparse()) changed.insert(k);
  }
  return changed;
}

struct Roles {
  QPDFObjGen catalog, acroform, info;
  std::set<QPDFObjGen> pages, annots_arrays, fields_arrays;
};

Roles roles_of(Document& doc) {
  Roles r;
  QPDFObjectHandle root = doc.qpdf().getRoot();
  r.catalog = root.getObjGen();
  QPDFObjectHandle form = root.getKey("/AcroForm");
  if (form.isIndirect()) r.acroform = form.getObjGen();
  if (form.isDictionary() && form.getKey("/Fields").isIndirect()) {
    r.fields_arrays.insert(form.getKey("/Fields").getObjGen());
  }
  QPDFObjectHandle info = doc.qpdf().getTrailer().getKey("/Info");
  if (info.isIndirect()) r.info = info.getObjGen();
  for (QPDFObjectHandle page : doc.pages()) {
    r.pages.insert(page.getObjGen());
    if (page.getKey("/Annots").isIndirect())
      r.annots_arrays.insert(page.getKey("/Annots").getObjGen());
  }
  return r;
}

// What changed between the signed revision (`before`) and the whole file (`after`), as
// disallowed changes; allowed ones are skipped.
std::vector<std::string> disallowed_changes(Document& before, Document& after) {
  std::vector<std::string> problems;
  const auto old_xref = before.qpdf().getXRefTable();
  const Roles roles = roles_of(after);
  for (const auto& [og, entry] : after.qpdf().getXRefTable()) {
    auto old = old_xref.find(og);
    if (old == old_xref.end() || same_entry(old->second, entry)) continue;  // new or untouched
    QPDFObjectHandle a = before.qpdf().getObject(og);
    QPDFObjectHandle b = after.qpdf().getObject(og);
    const std::string where = "object " + og_text(og);
    if (a.isStream() || b.isStream()) {
      if (a.isStream() && b.isStream()) {
        const std::string type =
            b.getDict().getKey("/Type").isName() ? b.getDict().getKey("/Type").getName() : "";
        if (type == "/XRef" || type == "/ObjStm") continue;
        auto da = a.getRawStreamData();
        auto db = b.getRawStreamData();
        const bool same_data =
            da->getSize() == db->getSize() &&
            std::equal(da->getBuffer(), da->getBuffer() + da->getSize(), db->getBuffer());
        if (same_data && a.getDict().unparse() == b.getDict().unparse()) continue;
      }
      problems.push_back(where + ": stream redefined (content changed)");
      continue;
    }
    if (a.unparse() == b.unparse() ||
        (a.isDictionary() && b.isDictionary() && changed_keys(a, b).empty())) {
      continue;
    }
    if (a.isArray() && b.isArray()) {
      if ((roles.annots_arrays.count(og) || roles.fields_arrays.count(og)) &&
          subset(items_of(a), items_of(b))) {
        continue;
      }
      problems.push_back(where + ": array redefined");
      continue;
    }
    if (!a.isDictionary() || !b.isDictionary()) {
      problems.push_back(where + ": object redefined");
      continue;
    }
    std::set<std::string> allowed;
    if (og == roles.info) continue;
    if (og == roles.catalog) {
      allowed = {"/AcroForm", "/DSS"};
    } else if (og == roles.acroform) {
      allowed = {"/Fields", "/SigFlags", "/DR", "/DA", "/NeedAppearances"};
    } else if (roles.pages.count(og)) {
      allowed = {"/Annots"};
      if (!subset(items_of(a.getKey("/Annots")), items_of(b.getKey("/Annots")))) {
        problems.push_back(where + ": page annotations removed or replaced");
        continue;
      }
    } else if ((b.getKey("/FT").isName() && b.getKey("/FT").getName() == "/Sig") ||
               (b.getKey("/Type").isName() && b.getKey("/Type").getName() == "/Sig")) {
      allowed = {"/V", "/AP", "/Lock", "/SV", "/Kids", "/MK"};  // an empty field being signed
    }
    std::string bad;
    for (const std::string& k : changed_keys(a, b)) {
      if (!allowed.count(k)) bad += (bad.empty() ? "" : ", ") + k;
    }
    if (!bad.empty()) {
      const std::string type = b.getKey("/Type").isName() ? b.getKey("/Type").getName() + " " : "";
      problems.push_back(where + ": " + type + "dictionary changed (" + bad + ")");
    }
  }
  return problems;
}

// The DER of /Contents without its zero padding, and which container it is.
std::string sniff_container(ByteView contents, ByteView& der) {
  der::Reader reader(contents);
  auto first = reader.next();
  if (!first.ok() || first->tag != der::kSequence) return "unknown";
  der = first->whole;
  der::Reader inner(first->content);
  auto child = inner.next();
  if (!child.ok()) return "unknown";
  if (child->tag == der::kOid) return "cms";
  if (child->tag == der::kSequence) return "ses";
  return "unknown";
}

void check_cms_container(ByteView der, const crypto::Sm3Digest& digest,
                         const PdfVerifyOptions& options, SignatureReport& r) {
  ses::VerifyReport& report = r.checks;
  auto parsed = crypto::parse_cms_signed_data(der);
  if (!parsed.ok()) {
    report.fail(ses::kCheckSignedData, parsed.error().message, "Contents");
    return;
  }
  ses::pass_signed_data(*parsed, report);
  r.cms_oids = parsed->oid_style;
  ses::CmsSignedPart part;
  part.sm3 = digest;
  part.name = "the signed byte ranges";
  part.changed = "the signed bytes changed after signing";
  auto verified = ses::check_cms_signature(der, *parsed, part, options.extra_certificates, report);
  if (!verified) return;
  r.signer = verified->signer_certificate;
  r.signature_algorithm = verified->signature_algorithm;
  r.timestamp = verified->timestamp;
  std::optional<crypto::TrustStore> trust = options.trust;
  if (trust) {
    for (const auto& c : verified->certificates) trust->intermediates.push_back(c);
  }
  // The time the signer certificate is judged at: the genTime of a timestamp token that passes
  // the full check (a TSA vouches for it), else the signed signingTime attribute (the signer's
  // claim), else now.
  const std::optional<Time> stamped_at = ses::check_cms_timestamp(r.timestamp, report, trust);
  if (stamped_at) {
    r.signed_at = stamped_at;
    r.signed_at_from_tsa = true;
    report.pass(ses::kCheckSigningTime, "the timestamp's genTime " + format_iso8601(*r.signed_at),
                "timeStampToken");
  } else if (verified->signing_time) {
    r.signed_at = verified->signing_time;
    report.pass(ses::kCheckSigningTime, "signingTime attribute " + format_iso8601(*r.signed_at),
                "signingTime");
  } else {
    report.warn(ses::kCheckSigningTime,
                "no signingTime attribute and no valid timestamp: the signer certificate is "
                "judged at the current time",
                "signedAttrs");
  }
  ses::check_signer_certificate(verified->signer_certificate, r.signed_at, trust,
                                /*require_crl=*/false, report);
}

void check_later_revisions(ByteView file, Document& doc, const SignatureField& field,
                           const ByteRangeFacts& facts, SignatureReport& r) {
  if (facts.whole_file) {
    r.checks.pass(kCheckModifiedAfterSigning, "the signature covers the whole file");
    return;
  }
  auto before = Document::open_memory(file.first(static_cast<std::size_t>(facts.end)),
                                      "the signed revision of " + field.name);
  if (!before.ok()) {
    r.checks.fail(kCheckModifiedAfterSigning,
                  "the signed revision cannot be read: " + before.error().message);
    return;
  }
  auto changes = guard_qpdf(
      "pdf.verify.failed", "comparing revisions",
      [&]() -> Result<std::vector<std::string>> { return disallowed_changes(*before, doc); });
  if (!changes.ok()) {
    r.checks.fail(kCheckModifiedAfterSigning, changes.error().message);
    return;
  }
  r.later_changes = *changes;
  r.modified_after_signing = !changes->empty();
  auto before_fields = find_signature_fields(*before);
  auto after_fields = find_signature_fields(doc);
  if (before_fields.ok() && after_fields.ok()) {
    r.later_signatures = static_cast<int>(after_fields->size() - before_fields->size());
  }
  if (r.modified_after_signing) {
    std::string list;
    for (const std::string& c : r.later_changes) list += (list.empty() ? "" : "; ") + c;
    r.checks.fail(kCheckModifiedAfterSigning, "the document was modified after signing: " + list);
    return;
  }
  r.checks.pass(kCheckModifiedAfterSigning, "later revisions only add allowed objects (" +
                                                std::to_string(r.later_signatures) +
                                                " later signature(s))");
}

std::string describe_byte_range(const std::vector<std::int64_t>& range) {
  std::string text = "[";
  for (std::size_t i = 0; i < range.size(); ++i) {
    text += (i == 0 ? "" : " ") + std::to_string(range[i]);
  }
  return text + "]";
}

void verify_one(ByteView file, Document& doc, const SignatureField& field,
                const PdfVerifyOptions& options, SignatureReport& r) {
  r.field_name = field.name;
  r.sub_filter = field.sub_filter;
  r.byte_range = field.byte_range;
  r.pages = field.pages;
  std::optional<std::uint64_t> dict_offset;
  const auto xref = doc.qpdf().getXRefTable();
  if (auto it = xref.find(field.value); it != xref.end() && it->second.getType() == 1) {
    dict_offset = static_cast<std::uint64_t>(it->second.getOffset());
  }
  const ByteRangeFacts facts = check_byte_range(file, field, dict_offset);
  r.covers_whole_file = facts.whole_file;
  if (!facts.ok) {
    r.checks.fail(kCheckByteRange, facts.problem, "ByteRange");
    return;
  }
  r.checks.pass(kCheckByteRange,
                describe_byte_range(field.byte_range) +
                    ": the hole is this dictionary's /Contents and the signed revision ends "
                    "with %%EOF" +
                    (facts.whole_file ? "; it covers the whole file" : ""),
                "ByteRange");
  const auto& br = field.byte_range;
  crypto::Sm3 hash;
  hash.update(file.subspan(0, static_cast<std::size_t>(br[1])));
  hash.update(file.subspan(static_cast<std::size_t>(br[2]), static_cast<std::size_t>(br[3])));
  const crypto::Sm3Digest digest = hash.final();

  ByteView der;
  r.container = sniff_container(field.contents, der);
  if (r.sub_filter == kDocTimeStampSubFilter) {  // doc_timestamp.h
    r.container = "timestamp";
    r.signed_at = check_document_timestamp(file, field.byte_range, der, options.trust, r.checks);
    r.signed_at_from_tsa = r.signed_at.has_value();
  } else if (r.container == "cms") {
    check_cms_container(der, digest, options, r);
  } else if (r.container == "ses") {
    const ses::VerifyReport ses_report = verify_ses_container(
        der, digest, field.byte_range, options.trust, &r.ses_signature, options.status_check);
    r.checks.merge(ses_report, "");
    r.checks.set_trusted(ses_report.trusted());
  } else {
    r.checks.fail(kCheckContainer, "/Contents holds neither CMS SignedData nor an SES_Signature",
                  "Contents");
  }
  check_later_revisions(file, doc, field, facts, r);
}

}  // namespace

Result<PdfVerifyReport> verify_pdf(ByteView file, const PdfVerifyOptions& options) {
  GMSEAL_ASSIGN_OR_RETURN(Document doc, Document::open_memory(file, "the PDF"));
  GMSEAL_ASSIGN_OR_RETURN(std::vector<SignatureField> fields, find_signature_fields(doc));
  PdfVerifyReport report;
  if (fields.empty()) {
    report.notes.push_back("the document is not signed (no signature field has a value)");
    return report;
  }
  report.valid = true;
  report.trusted = true;
  for (const SignatureField& field : fields) {
    SignatureReport r;
    auto run = guard_qpdf("pdf.verify.failed", "verifying " + field.name, [&]() -> Status {
      verify_one(file, doc, field, options, r);
      return {};
    });
    if (!run.ok()) r.checks.fail(kCheckPdfStructure, run.error().message);
    report.valid = report.valid && r.valid();
    report.trusted = report.trusted && r.trusted();
    report.signatures.push_back(std::move(r));
  }
  return report;
}

nlohmann::json report_json(const PdfVerifyReport& report) {
  std::vector<nlohmann::json> entries;
  for (const SignatureReport& r : report.signatures) {
    nlohmann::json s =
        ses::signature_entry_json(r.ses_signature ? &*r.ses_signature : nullptr, r.checks);
    if (r.container == "cms") {
      s["format"] = "CMS SignedData";
      if (r.signer) s["signer"] = ses::certificate_json(*r.signer);
      if (r.signed_at) {
        s["signedAt"] = {{"time", format_iso8601(*r.signed_at)},
                         {"source", r.signed_at_from_tsa ? "tsa" : "claimed"}};
      }
      if (r.cms_oids) {
        s["oidStyle"] = *r.cms_oids == crypto::CmsOidStyle::kGbt35275 ? "GB/T 35275" : "PKCS#7";
      }
      if (!r.signature_algorithm.empty()) s["signatureAlgorithm"] = r.signature_algorithm;
      s["timeStamp"] = r.timestamp.has_value();
      if (r.timestamp) s["timeStampTime"] = format_iso8601(r.timestamp->gen_time);
    } else if (r.container == "timestamp") {
      s["format"] = "RFC 3161 document timestamp";
      if (r.signed_at) s["signedAt"] = {{"time", format_iso8601(*r.signed_at)}, {"source", "tsa"}};
    } else if (!r.ses_signature) {
      s["format"] = "unknown";
    }
    s["field"] = ses::utf8_safe(r.field_name);
    s["subFilter"] = ses::utf8_safe(r.sub_filter);
    s["container"] = r.container == "ses"         ? "SES_Signature"
                     : r.container == "cms"       ? "CMS SignedData"
                     : r.container == "timestamp" ? "TimeStampToken"
                                                  : "unknown";
    s["byteRange"] = r.byte_range;
    s["pages"] = r.pages;
    s["coversWholeFile"] = r.covers_whole_file;
    s["modifiedAfterSigning"] = r.modified_after_signing;
    nlohmann::json changes = nlohmann::json::array();
    for (const std::string& c : r.later_changes) changes.push_back(ses::utf8_safe(c));
    s["laterChanges"] = std::move(changes);
    s["laterSignatures"] = r.later_signatures;
    entries.push_back(std::move(s));
  }
  nlohmann::json out = ses::signatures_verdict_json(std::move(entries));
  out["notes"] = report.notes;
  return out;
}

std::string report_to_json(const PdfVerifyReport& report) {
  return json_text(report_json(report), 2);
}

std::string report_to_text(const PdfVerifyReport& report) {
  std::ostringstream out;
  int i = 0;
  for (const SignatureReport& r : report.signatures) {
    out << "signature " << ++i << ": " << r.field_name << " ("
        << (r.container.empty() ? "unknown" : r.container) << ", " << r.sub_filter << ")\n";
    out << "  verdict: " << (r.valid() ? "VALID" : "INVALID") << (r.trusted() ? ", trusted" : "")
        << "\n";
    const crypto::Certificate* signer = r.signer ? &*r.signer : nullptr;
    std::optional<crypto::Certificate> ses_signer;
    if (r.ses_signature) {
      if (auto cert = r.ses_signature->signer_cert(); cert.ok()) ses_signer = *cert;
      if (ses_signer) signer = &*ses_signer;
      out << "  seal: " << r.ses_signature->seal().info().property.name << "\n";
    }
    if (signer != nullptr) out << "  signer: " << signer->subject().to_string() << "\n";
    std::optional<Time> at = r.signed_at;
    if (r.ses_signature) at = r.ses_signature->signing_time();
    if (at) out << "  signing time: " << format_iso8601(*at) << "\n";
    out << "  byte range: " << describe_byte_range(r.byte_range)
        << (r.covers_whole_file ? " (covers the whole file)" : " (later revisions follow)") << "\n";
    if (r.later_signatures > 0) out << "  later signatures: " << r.later_signatures << "\n";
    for (const ses::Check& c : r.checks.checks()) {
      out << "  check " << c.name << ": " << ses::to_string(c.result) << " - " << c.detail << "\n";
    }
  }
  for (const std::string& note : report.notes) out << "note: " << note << "\n";
  out << "document: "
      << (report.signatures.empty() ? "not signed"
          : report.valid            ? "VALID"
                                    : "INVALID")
      << "\n";
  return out.str();
}

}  // namespace gmseal::pdf
