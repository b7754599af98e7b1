#include "pdf/verify.h"

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "crypto/cms_signed_data.h"
#include "pdf/ses_container.h"
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
  r.byte_range_ok = facts.ok;
  r.covers_whole_file = facts.whole_file;
  if (!facts.ok) {
    r.error_code = "pdf.verify.bad_byte_range";
    r.error = facts.problem;
    return;
  }
  const auto& br = field.byte_range;
  crypto::Sm3 hash;
  hash.update(file.subspan(0, static_cast<std::size_t>(br[1])));
  hash.update(file.subspan(static_cast<std::size_t>(br[2]), static_cast<std::size_t>(br[3])));
  const crypto::Sm3Digest digest = hash.final();

  ByteView der;
  r.container = sniff_container(field.contents, der);
  if (r.container == "cms") {
    crypto::CmsVerifyInput input;
    input.content_sm3 = digest;
    input.extra_certificates = options.extra_certificates;
    auto verified = crypto::verify_cms_signed_data(der, input);
    if (!verified.ok()) {
      r.error_code = verified.error().code;
      r.error = verified.error().message;
      return;
    }
    r.signature_ok = true;
    r.signer = verified->signer_certificate.subject().to_string();
    if (verified->signing_time) r.signing_time = format_iso8601(*verified->signing_time);
    if (verified->timestamp) {
      const auto& ts = *verified->timestamp;
      r.timestamp = ts.imprint_matches && ts.signature_valid
                        ? "valid, " + format_iso8601(ts.gen_time)
                        : "invalid: " + ts.detail;
    }
    if (options.trust) {
      crypto::TrustStore store = *options.trust;
      for (const auto& c : verified->certificates) store.intermediates.push_back(c);
      auto chain = crypto::verify_chain(verified->signer_certificate, store);
      r.trusted = chain.ok();
      if (!chain.ok()) r.trust_detail = chain.error().message;
    }
  } else if (r.container == "ses") {
    r.ses_report = verify_ses_container(der, digest, field.byte_range, options.trust, &r.signer,
                                        &r.signing_time, options.status_check);
    if (options.trust) r.trusted = r.ses_report->trusted();
    if (!r.ses_report->valid()) {
      r.error_code = "pdf.verify.ses_invalid";
      std::string failed;
      for (const std::string& name : r.ses_report->failed()) {
        failed += (failed.empty() ? "" : ", ") + name;
      }
      r.error = "SES_Signature checks failed: " + failed;
      if (const ses::Check* first = r.ses_report->find(r.ses_report->failed().front())) {
        r.error += " (" + first->detail + ")";
      }
      return;
    }
    r.signature_ok = true;
  } else {
    r.error_code = "pdf.verify.unknown_container";
    r.error = "/Contents holds neither CMS SignedData nor an SES_Signature";
    return;
  }

  if (!facts.whole_file) {
    auto before = Document::open_memory(file.first(static_cast<std::size_t>(facts.end)),
                                        "the signed revision of " + field.name);
    if (!before.ok()) {
      r.error_code = before.error().code;
      r.error = "the signed revision cannot be read: " + before.error().message;
      return;
    }
    auto changes = guard_qpdf(
        "pdf.verify.failed", "comparing revisions",
        [&]() -> Result<std::vector<std::string>> { return disallowed_changes(*before, doc); });
    if (!changes.ok()) {
      r.error_code = changes.error().code;
      r.error = changes.error().message;
      return;
    }
    r.later_changes = *changes;
    r.modified_after_signing = !changes->empty();
    auto before_fields = find_signature_fields(*before);
    auto after_fields = find_signature_fields(doc);
    if (before_fields.ok() && after_fields.ok()) {
      r.later_signatures = static_cast<int>(after_fields->size() - before_fields->size());
    }
  }
  if (r.modified_after_signing) {
    r.error_code = "pdf.verify.modified_after_signing";
    r.error = "the document was modified after signing: " + r.later_changes.front();
    return;
  }
  r.valid = true;
}

}  // namespace

Result<PdfVerifyReport> verify_pdf(ByteView file, const PdfVerifyOptions& options) {
  GMSEAL_ASSIGN_OR_RETURN(Document doc, Document::open_memory(file, "the PDF"));
  GMSEAL_ASSIGN_OR_RETURN(std::vector<SignatureField> fields, find_signature_fields(doc));
  if (fields.empty()) {
    return make_error("pdf.verify.no_signatures",
                      "the PDF carries no signature field with a value");
  }
  PdfVerifyReport report;
  report.valid = true;
  if (options.trust) report.trusted = true;
  for (const SignatureField& field : fields) {
    SignatureReport r;
    auto run = guard_qpdf("pdf.verify.failed", "verifying " + field.name, [&]() -> Status {
      verify_one(file, doc, field, options, r);
      return {};
    });
    if (!run.ok()) {
      r.error_code = run.error().code;
      r.error = run.error().message;
      r.valid = false;
    }
    report.valid = report.valid && r.valid;
    if (report.trusted) report.trusted = *report.trusted && r.trusted.value_or(false);
    report.signatures.push_back(std::move(r));
  }
  return report;
}

std::string report_to_json(const PdfVerifyReport& report) {
  std::vector<nlohmann::json> entries;
  for (const SignatureReport& r : report.signatures) {
    nlohmann::json s;
    s["valid"] = r.valid;
    s["trusted"] = r.trusted.value_or(false);
    s["checks"] = r.ses_report ? ses::checks_json(*r.ses_report) : nlohmann::json::array();
    s["format"] = r.container == "ses"   ? "SES_Signature"
                  : r.container == "cms" ? "CMS SignedData"
                                         : "unknown";
    s["field"] = r.field_name;
    s["subFilter"] = r.sub_filter;
    s["byteRange"] = r.byte_range;
    s["pages"] = r.pages;
    s["byteRangeOk"] = r.byte_range_ok;
    s["signatureOk"] = r.signature_ok;
    s["coversWholeFile"] = r.covers_whole_file;
    s["modifiedAfterSigning"] = r.modified_after_signing;
    s["laterChanges"] = r.later_changes;
    s["laterSignatures"] = r.later_signatures;
    s["signer"] = r.signer.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.signer);
    s["signedAt"] =
        r.signing_time.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.signing_time);
    if (!r.timestamp.empty()) s["timestamp"] = r.timestamp;
    if (!r.trust_detail.empty()) s["trustDetail"] = r.trust_detail;
    if (!r.error_code.empty()) s["error"] = {{"code", r.error_code}, {"message", r.error}};
    entries.push_back(std::move(s));
  }
  return json_text(ses::signatures_verdict_json(std::move(entries)), 2);
}

std::string report_to_text(const PdfVerifyReport& report) {
  std::ostringstream out;
  int i = 0;
  for (const SignatureReport& r : report.signatures) {
    out << "signature " << ++i << ": " << r.field_name << " (" << r.container << ", "
        << r.sub_filter << ")\n";
    out << "  verdict: " << (r.valid ? "VALID" : "INVALID") << "\n";
    if (!r.signer.empty()) out << "  signer: " << r.signer << "\n";
    if (!r.signing_time.empty()) out << "  signing time: " << r.signing_time << "\n";
    if (!r.timestamp.empty()) out << "  timestamp: " << r.timestamp << "\n";
    out << "  byte range:";
    for (const auto v : r.byte_range) out << " " << v;
    out << (r.covers_whole_file ? " (covers the whole file)" : " (later revisions follow)") << "\n";
    if (r.later_signatures > 0) out << "  later signatures: " << r.later_signatures << "\n";
    if (r.modified_after_signing) {
      out << "  modified after signing:\n";
      for (const auto& c : r.later_changes) out << "    " << c << "\n";
    }
    if (r.trusted) out << "  trusted: " << (*r.trusted ? "yes" : "no " + r.trust_detail) << "\n";
    if (r.ses_report) {
      for (const ses::Check& c : r.ses_report->checks()) {
        out << "  check " << c.name << ": " << ses::to_string(c.result) << " - " << c.detail
            << "\n";
      }
    }
    if (!r.error.empty()) out << "  problem: " << r.error << " (" << r.error_code << ")\n";
  }
  out << "document: " << (report.valid ? "VALID" : "INVALID") << "\n";
  return out.str();
}

}  // namespace gmseal::pdf
