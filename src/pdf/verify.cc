#include "pdf/verify.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <set>
#include <sstream>

#include "crypto/cms_signed_data.h"
#include "pdf/doc_timestamp.h"
#include "pdf/placement.h"
#include "pdf/ses_container.h"
#include "ses/cms_signature_check.h"
#include "ses/verdict_json.h"
#include "util/der.h"
#include "util/json_text.h"

namespace gmseal::pdf {

namespace {

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

void check_later_revisions(ByteView file, const History& history, const SignatureSighting& sighting,
                           const ByteRangeFacts& facts, SignatureReport& r) {
  // Revisions end after the whitespace that follows their %%EOF (revision_history.h).
  std::uint64_t end = facts.end;
  while (end < file.size() && std::isspace(file[static_cast<std::size_t>(end)])) ++end;
  for (const RevisionInfo& rev : history.revisions) {
    if (rev.end <= end) continue;
    const std::string name = "revision " + std::to_string(rev.number);
    if (rev.start < end) {
      r.later_changes.push_back(name + ": the signed range ends inside it, not at a revision end");
    }
    for (const RevisionChange& c : rev.changes) {
      if (!c.allowed) r.later_changes.push_back(name + ": " + c.text());
    }
    r.later_signatures += static_cast<int>(rev.new_signatures.size());
    r.later_revisions.push_back(rev);
  }
  r.in_current_revision = sighting.revision == history.last_revision();
  if (!r.in_current_revision) {
    r.later_changes.push_back("revision " + std::to_string(history.last_revision()) +
                              ": the signature is no longer referenced by the document (last "
                              "seen in revision " +
                              std::to_string(sighting.revision) + ")");
  }
  r.modified_after_signing = !r.later_changes.empty();
  if (r.modified_after_signing) {
    std::string list;
    for (std::size_t i = 0; i < r.later_changes.size() && i < 12; ++i) {
      list += (i == 0 ? "" : "; ") + r.later_changes[i];
    }
    if (r.later_changes.size() > 12) {
      list += "; and " + std::to_string(r.later_changes.size() - 12) + " more";
    }
    r.checks.fail(kCheckModifiedAfterSigning, "the document was modified after signing: " + list);
    return;
  }
  if (r.later_revisions.empty()) {
    r.checks.pass(kCheckModifiedAfterSigning, "the signature covers the whole document");
    return;
  }
  r.checks.pass(kCheckModifiedAfterSigning, std::to_string(r.later_revisions.size()) +
                                                " later revision(s) only make allowed changes (" +
                                                std::to_string(r.later_signatures) +
                                                " later signature(s))");
}

nlohmann::json revision_json(const RevisionInfo& rev) {
  nlohmann::json changes = nlohmann::json::array();
  for (const RevisionChange& c : rev.changes) {
    changes.push_back({{"object", c.object},
                       {"pages", c.pages},
                       {"key", ses::utf8_safe(c.key)},
                       {"what", ses::utf8_safe(c.what)},
                       {"allowed", c.allowed},
                       {"addsAnnotations", c.adds_annotations}});
  }
  nlohmann::json added = nlohmann::json::array();
  for (const std::string& n : rev.new_signatures) added.push_back(ses::utf8_safe(n));
  return {{"revision", rev.number},   {"startOffset", rev.start}, {"endOffset", rev.end},
          {"allowed", rev.allowed()}, {"newSignatures", added},   {"changes", std::move(changes)}};
}

// The pages whose display a disallowed change reaches (`annotations`: the pages that an allowed
// change added annotations to), e.g. "1, 3".
std::string changed_pages(const SignatureReport& r, bool annotations = false) {
  std::set<int> pages;
  for (const RevisionInfo& rev : r.later_revisions) {
    for (const RevisionChange& c : rev.changes) {
      if (annotations ? c.allowed && c.adds_annotations : !c.allowed) {
        pages.insert(c.pages.begin(), c.pages.end());
      }
    }
  }
  std::string text;
  for (int p : pages) text += (text.empty() ? "" : ", ") + std::to_string(p);
  return text;
}

std::string describe_byte_range(const std::vector<std::int64_t>& range) {
  std::string text = "[";
  for (std::size_t i = 0; i < range.size(); ++i) {
    text += (i == 0 ? "" : " ") + std::to_string(range[i]);
  }
  return text + "]";
}

void verify_one(ByteView file, const History& history, const SignatureSighting& sighting,
                const PdfVerifyOptions& options, SignatureReport& r) {
  const SignatureField& field = sighting.field;
  r.field_name = field.name;
  r.sub_filter = field.sub_filter;
  r.byte_range = field.byte_range;
  r.pages = field.pages;
  r.boxes = field.boxes;
  const ByteRangeFacts facts = check_byte_range(file, field, sighting.dict_offset);
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
  check_later_revisions(file, history, sighting, facts, r);
}

}  // namespace

Result<PdfVerifyReport> verify_pdf(ByteView file, const PdfVerifyOptions& options) {
  // A file whose last revision QPDF cannot read may still hold signed earlier revisions (an
  // update that broke the cross-reference chain): those are verified and fail.
  auto doc = Document::open_memory(file, "the PDF");
  if (!doc.ok() && doc.error().code != "pdf.open_failed") return doc.error();
  GMSEAL_ASSIGN_OR_RETURN(History history, read_history(file, doc.ok() ? &*doc : nullptr));
  if (!doc.ok() && history.signatures.empty()) return doc.error();
  PdfVerifyReport report;
  if (history.signatures.empty()) {
    report.notes.push_back("the document is not signed (no signature field has a value)");
    return report;
  }
  report.valid = true;
  report.trusted = true;
  for (const SignatureSighting& sighting : history.signatures) {
    SignatureReport r;
    auto run = guard_qpdf("pdf.verify.failed", "verifying " + sighting.field.name, [&]() -> Status {
      verify_one(file, history, sighting, options, r);
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
    nlohmann::json boxes = nlohmann::json::array();
    for (const SignatureField::WidgetBox& b : r.boxes) {
      const auto mm = [](double points) { return std::round(points / kPointsPerMm * 1000) / 1000; };
      boxes.push_back({{"page", b.page},
                       {"x", mm(b.rect.x)},
                       {"y", mm(b.rect.y)},
                       {"width", mm(b.rect.width)},
                       {"height", mm(b.rect.height)}});
    }
    s["boxes"] = std::move(boxes);
    s["coversWholeFile"] = r.covers_whole_file;
    s["coversWholeDocument"] = r.covers_whole_file;
    s["inCurrentRevision"] = r.in_current_revision;
    s["modifiedAfterSigning"] = r.modified_after_signing;
    nlohmann::json changes = nlohmann::json::array();
    for (const std::string& c : r.later_changes) changes.push_back(ses::utf8_safe(c));
    s["laterChanges"] = std::move(changes);
    s["laterSignatures"] = r.later_signatures;
    nlohmann::json revisions = nlohmann::json::array();
    for (const RevisionInfo& rev : r.later_revisions) revisions.push_back(revision_json(rev));
    s["laterRevisions"] = std::move(revisions);
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
    if (!r.in_current_revision) out << "  no longer referenced by the document's last revision\n";
    for (const RevisionInfo& rev : r.later_revisions) {
      out << "  later revision " << rev.number << " (bytes " << rev.start << "-" << rev.end
          << "): " << (rev.allowed() ? "allowed" : "NOT ALLOWED") << "\n";
      for (const RevisionChange& c : rev.changes) {
        out << "    " << (c.allowed ? "allowed: " : "changed: ") << c.text() << "\n";
      }
    }
    if (const std::string pages = changed_pages(r); !pages.empty()) {
      out << "  visible content changed after signing on page(s) " << pages << "\n";
    }
    if (const std::string pages = changed_pages(r, true); !pages.empty()) {
      out << "  annotations added after signing on page(s) " << pages
          << " (allowed; they are drawn over the signed page)\n";
    }
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
