#include "pdf/sign.h"

#include "pdf/qpdf_clang_compat.h"  // before any QPDF header

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <qpdf/QPDFWriter.hh>

#include <cstring>
#include <fstream>
#include <set>

#include "pdf/appearance.h"
#include "pdf/byte_range.h"
#include "pdf/document.h"
#include "pdf/incremental_writer.h"
#include "pdf/placement.h"
#include "pdf/seal_image.h"
#include "pdf/text_locator.h"

namespace gmseal::pdf {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRangePlaceholder = "**********";

std::string ref(QPDFObjectHandle h) {
  return std::to_string(h.getObjectID()) + " " + std::to_string(h.getGeneration()) + " R";
}
std::string ref(int number) { return std::to_string(number) + " 0 R"; }

// A dictionary's text with some entries replaced or added ("/Key" -> value text).
std::string dict_with(QPDFObjectHandle dict, const std::map<std::string, std::string>& changes) {
  std::string out = "<<";
  for (const std::string& key : dict.getKeys()) {
    if (changes.count(key) != 0) continue;
    out += QPDFObjectHandle::newName(key).unparse() + " " + dict.getKey(key).unparse() + " ";
  }
  for (const auto& [key, value] : changes) out += key + " " + value + " ";
  out += ">>";
  return out;
}

// An array's items (references stay references) followed by `extra`.
std::string array_with(QPDFObjectHandle array, const std::vector<std::string>& extra) {
  std::string out = "[";
  if (array.isArray()) {
    for (QPDFObjectHandle item : array.getArrayAsVector()) out += item.unparse() + " ";
  }
  for (const std::string& e : extra) out += e + " ";
  out += "]";
  return out;
}

// A PDF text string: ASCII literal with escapes, else UTF-16BE hex with a BOM.
std::string pdf_text(std::string_view utf8) {
  bool ascii = true;
  for (const char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string out = "(";
    for (const char c : utf8) {
      if (c == '(' || c == ')' || c == '\\') out += '\\';
      out += c;
    }
    return out + ")";
  }
  std::string hex = "<FEFF";
  char buf[8];
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = b;
    int extra = 0;
    if (b >= 0xf0)
      cp = b & 0x07, extra = 3;
    else if (b >= 0xe0)
      cp = b & 0x0f, extra = 2;
    else if (b >= 0xc0)
      cp = b & 0x1f, extra = 1;
    ++i;
    for (int k = 0; k < extra && i < utf8.size(); ++k, ++i) {
      cp = cp << 6 | (static_cast<unsigned char>(utf8[i]) & 0x3f);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "%04X", 0xd800 + (cp >> 10));
      hex += buf;
      std::snprintf(buf, sizeof buf, "%04X", 0xdc00 + (cp & 0x3ff));
    } else {
      std::snprintf(buf, sizeof buf, "%04X", cp);
    }
    hex += buf;
  }
  return hex + ">";
}

std::string rect_text(const UserRect& r) {
  return "[" + pdf_number(r.llx) + " " + pdf_number(r.lly) + " " + pdf_number(r.urx) + " " +
         pdf_number(r.ury) + "]";
}

struct WidgetPlan {
  QPDFObjectHandle page;
  SealBox box;
  double image_width = 0;  // whole seal width (for slices)
  double offset_x = 0;
};

// Streams the original to `fd` while hashing it; then the update with its hole.
class TempOutput {
 public:
  explicit TempOutput(const fs::path& out) : out_(out) {}
  ~TempOutput() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  }
  Status open() {
    std::string pattern = (out_.parent_path().empty() ? fs::path(".") : out_.parent_path()) /
                          ("." + out_.filename().string() + ".gmseal-XXXXXX");
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    fd_ = ::mkstemp(buf.data());
    if (fd_ < 0)
      return make_error("io.write_failed",
                        "cannot create a temporary file beside " + out_.string());
    temp_ = buf.data();
    ::fchmod(fd_, 0644);
    return {};
  }
  Status write(ByteView data) {
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n <= 0)
        return make_error("io.write_failed",
                          "writing " + temp_ + " failed: " + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
    return {};
  }
  Status commit() {
    if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
      fd_ = -1;
      return make_error("io.write_failed", "flushing " + temp_ + " failed");
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), out_.c_str()) != 0) {
      return make_error("io.write_failed", "renaming the output to " + out_.string() + " failed");
    }
    committed_ = true;
    return {};
  }

 private:
  fs::path out_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
};

Result<std::vector<WidgetPlan>> plan_widgets(Document& doc, const SignOptions& options) {
  std::vector<QPDFObjectHandle> pages = doc.pages();
  const int count = static_cast<int>(pages.size());
  const double w = options.width_mm * kPointsPerMm;
  const double h = options.height_mm * kPointsPerMm;
  const Placement& p = options.placement;
  std::vector<WidgetPlan> plans;
  auto bad_page = [count](int page) {
    return make_error("pdf.sign.bad_page", "page " + std::to_string(page) +
                                               " does not exist (the document has " +
                                               std::to_string(count) + " pages)");
  };
  switch (p.kind) {
    case PlacementKind::kPosition: {
      if (p.page < 1 || p.page > count) return bad_page(p.page);
      QPDFObjectHandle page = pages[p.page - 1];
      const PageGeometry g = doc.geometry(page);
      plans.push_back(
          {page, box_at_displayed(g, p.x_mm * kPointsPerMm, p.y_mm * kPointsPerMm, w, h), w, 0});
      break;
    }
    case PlacementKind::kKeyword: {
      GMSEAL_ASSIGN_OR_RETURN(std::vector<TextHit> hits, find_text(doc, p.keyword));
      if (hits.empty() ||
          (p.occurrence > 0 && static_cast<std::size_t>(p.occurrence) > hits.size())) {
        return make_error("pdf.sign.keyword_not_found",
                          "keyword \"" + p.keyword + "\" occurs " + std::to_string(hits.size()) +
                              " times; occurrence " + std::to_string(p.occurrence) +
                              " was asked for");
      }
      for (std::size_t i = 0; i < hits.size(); ++i) {
        if (p.occurrence > 0 && i + 1 != static_cast<std::size_t>(p.occurrence)) continue;
        QPDFObjectHandle page = pages[hits[i].page_index];
        plans.push_back({page, box_at_user(doc.geometry(page), hits[i].x, hits[i].y, w, h), w, 0});
      }
      break;
    }
    case PlacementKind::kRiding: {
      const int last = p.last_page == 0 ? count : p.last_page;
      if (p.first_page < 1 || p.first_page > count) return bad_page(p.first_page);
      if (last < p.first_page || last > count) return bad_page(last);
      const int n = last - p.first_page + 1;
      if (n < 2) {
        return make_error("pdf.sign.bad_page", "a cross-page seal needs at least two pages");
      }
      const double slice = w / n;
      for (int i = 0; i < n; ++i) {
        QPDFObjectHandle page = pages[p.first_page - 1 + i];
        const PageGeometry g = doc.geometry(page);
        const double centre_x =
            p.side == RidingSide::kLeft ? slice / 2 : displayed_width(g) - slice / 2;
        SealBox box = box_at_displayed(g, centre_x, p.y_mm * kPointsPerMm, slice, h);
        plans.push_back({page, box, w, slice * i});
      }
      break;
    }
  }
  return plans;
}

// Collects existing field names (for a unique default) and counts signature fields.
void collect_field_names(QPDFObjectHandle field, const std::string& prefix,
                         std::set<std::string>& names, int depth) {
  if (depth > 32 || !field.isDictionary()) return;
  std::string name = prefix;
  if (field.getKey("/T").isString()) {
    name = (prefix.empty() ? "" : prefix + ".") + field.getKey("/T").getUTF8Value();
    names.insert(name);
  }
  QPDFObjectHandle kids = field.getKey("/Kids");
  if (kids.isArray()) {
    for (QPDFObjectHandle kid : kids.getArrayAsVector())
      collect_field_names(kid, name, names, depth + 1);
  }
}

Result<SignResult> sign_document(Document& doc, const fs::path& in, const fs::path& out,
                                 const SignOptions& options) {
  if (!options.build_container) {
    return make_error("pdf.sign.no_container", "no signature container builder was given");
  }
  // A document timestamp has no picture: one invisible widget on the first page.
  PdfImage image;
  std::vector<WidgetPlan> plans;
  if (options.document_timestamp) {
    const std::vector<QPDFObjectHandle> pages = doc.pages();
    if (pages.empty()) return make_error("pdf.sign.bad_page", "the document has no pages");
    plans.push_back(WidgetPlan{pages.front(), {}, 0, 0});
  } else {
    GMSEAL_ASSIGN_OR_RETURN(image, decode_seal_image(options.picture, options.picture_type));
    GMSEAL_ASSIGN_OR_RETURN(plans, plan_widgets(doc, options));
  }

  QPDF& q = doc.qpdf();
  QPDFObjectHandle trailer = q.getTrailer();
  QPDFObjectHandle root = q.getRoot();
  const int size =
      trailer.getKey("/Size").isInteger() ? trailer.getKey("/Size").getIntValueAsInt() : 0;
  int max_id = size;
  for (const auto& [og, entry] : q.getXRefTable()) max_id = std::max(max_id, og.getObj() + 1);

  // Does the original end with an end-of-line? (Read its last byte.)
  bool ends_with_eol = true;
  {
    std::ifstream f(in, std::ios::binary);
    if (doc.file_size() > 0) {
      f.seekg(static_cast<std::streamoff>(doc.file_size() - 1));
      const int c = f.get();
      ends_with_eol = c == '\n' || c == '\r';
    }
  }
  IncrementalUpdate update(doc.file_size(), ends_with_eol, max_id);

  QPDFObjectHandle acroform = root.getKey("/AcroForm");
  std::set<std::string> names;
  if (acroform.isDictionary() && acroform.getKey("/Fields").isArray()) {
    for (QPDFObjectHandle f : acroform.getKey("/Fields").getArrayAsVector()) {
      collect_field_names(f, "", names, 0);
    }
  }
  std::string field_name = options.field_name;
  for (int n = 1; field_name.empty() || names.count(field_name) != 0; ++n) {
    if (!options.field_name.empty() && names.count(field_name) != 0) {
      return make_error("pdf.sign.duplicate_field", "a field named \"" + field_name + "\" exists");
    }
    field_name = "Signature" + std::to_string(n);
  }

  const int image_object = options.document_timestamp ? 0 : add_image_xobject(update, image);
  const int sig = update.allocate();
  const std::string time_text =
      format_generalized_time(options.signing_time.value_or(now()));  // YYYYMMDDHHMMSSZ
  // ISO 32000-2 §12.8.5: a document timestamp is /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161,
  // its /Contents the bare token; the TSA's genTime is its time, so no /M.
  std::string sig_dict =
      std::string(options.document_timestamp ? "<</Type /DocTimeStamp" : "<</Type /Sig") +
      " /Filter /Adobe.PPKLite /SubFilter /" +
      (options.document_timestamp ? std::string("ETSI.RFC3161") : options.sub_filter) +
      " /ByteRange [0 " + std::string(kRangePlaceholder) + " " + std::string(kRangePlaceholder) +
      " " + std::string(kRangePlaceholder) + "] /Contents <" +
      std::string(options.reserve_bytes * 2, '0') + ">";
  if (!options.document_timestamp) sig_dict += " /M (D:" + time_text + ")";
  if (!options.signer_name.empty()) sig_dict += " /Name " + pdf_text(options.signer_name);
  if (!options.reason.empty()) sig_dict += " /Reason " + pdf_text(options.reason);
  if (!options.location.empty()) sig_dict += " /Location " + pdf_text(options.location);
  sig_dict += " /Prop_Build <</App <</Name /gmseal>>>>>>";
  update.add_object(sig, 0, sig_dict);

  // The first box is the signature field's widget (field and widget merged). Further boxes
  // (the other slices of a cross-page seal, further keyword occurrences) are locked Stamp
  // annotations in the same revision, named after the field through /NM: viewers and pdfsig
  // then see one signed field instead of several empty ones.
  const int field = update.allocate();
  std::map<QPDFObjGen, std::vector<std::string>> annots_per_page;
  std::map<QPDFObjGen, QPDFObjectHandle> page_handles;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const WidgetPlan& plan = plans[i];
    const int annot = i == 0 ? field : update.allocate();
    std::string common = " /Rect [0 0 0 0] /P " + ref(plan.page);
    if (!options.document_timestamp) {
      const int form = add_seal_form(update, image_object, plan.box.width, plan.box.height,
                                     plan.image_width, plan.offset_x, plan.box.rotate);
      common = " /Rect " + rect_text(plan.box.rect) + " /P " + ref(plan.page) + " /AP <</N " +
               ref(form) + ">>";
    }
    if (i == 0) {
      update.add_object(annot, 0,
                        "<</Type /Annot /Subtype /Widget /FT /Sig /T " + pdf_text(field_name) +
                            " /V " + ref(sig) + " /F 132" + common + ">>");
    } else {
      // Print | ReadOnly | Locked | LockedContents.
      update.add_object(annot, 0,
                        "<</Type /Annot /Subtype /Stamp /F 708 /NM " +
                            pdf_text(field_name + "-part" + std::to_string(i + 1)) + common + ">>");
    }
    annots_per_page[plan.page.getObjGen()].push_back(ref(annot));
    page_handles[plan.page.getObjGen()] = plan.page;
  }

  // Pages (or their indirect /Annots arrays).
  for (const auto& [og, refs] : annots_per_page) {
    QPDFObjectHandle page = page_handles[og];
    QPDFObjectHandle annots = page.getKey("/Annots");
    if (annots.isIndirect() && annots.isArray()) {
      update.add_object(annots.getObjectID(), annots.getGeneration(), array_with(annots, refs));
    } else {
      update.add_object(page.getObjectID(), page.getGeneration(),
                        dict_with(page, {{"/Annots", array_with(annots, refs)}}));
    }
  }

  // AcroForm: /Fields gains the new field, /SigFlags 3 (SignaturesExist | AppendOnly).
  const std::map<std::string, std::string> form_changes = {
      {"/Fields", array_with(acroform.isDictionary() ? acroform.getKey("/Fields")
                                                     : QPDFObjectHandle::newNull(),
                             {ref(field)})},
      {"/SigFlags", "3"}};
  if (acroform.isDictionary() && acroform.isIndirect()) {
    update.add_object(acroform.getObjectID(), acroform.getGeneration(),
                      dict_with(acroform, form_changes));
  } else {
    std::string form_text = acroform.isDictionary()
                                ? dict_with(acroform, form_changes)
                                : "<</Fields " + form_changes.at("/Fields") + " /SigFlags 3>>";
    const int form_number = update.allocate();
    update.add_object(form_number, 0, form_text);
    update.add_object(root.getObjectID(), root.getGeneration(),
                      dict_with(root, {{"/AcroForm", ref(form_number)}}));
  }

  TrailerFields fields;
  fields.root = ref(root);
  if (trailer.getKey("/Info").isIndirect()) fields.info = ref(trailer.getKey("/Info"));
  if (trailer.getKey("/ID").isArray()) fields.id = trailer.getKey("/ID").unparse();
  fields.prev = doc.startxref();
  Bytes tail = update.finish(fields, doc.uses_xref_stream());

  // Locate the hole and fill in /ByteRange.
  const std::size_t sig_at = update.object_offset(sig) - doc.file_size();
  const std::string_view tail_text(reinterpret_cast<const char*>(tail.data()), tail.size());
  const std::size_t range_at = tail_text.find(kRangePlaceholder, sig_at);
  const std::size_t hole_at = tail_text.find("/Contents <", sig_at) + 10;
  const std::size_t hole_end = hole_at + options.reserve_bytes * 2 + 2;
  const std::uint64_t total = doc.file_size() + tail.size();
  const std::array<std::uint64_t, 4> byte_range = {0, doc.file_size() + hole_at,
                                                   doc.file_size() + hole_end,
                                                   total - (doc.file_size() + hole_end)};
  for (int i = 1; i < 4; ++i) {
    std::string number = std::to_string(byte_range[i]);
    number.resize(kRangePlaceholder.size(), ' ');
    std::memcpy(&tail[range_at + (i - 1) * (kRangePlaceholder.size() + 1)], number.data(),
                number.size());
  }

  // One pass over the original: copy it to the temporary output and hash it.
  TempOutput output(out);
  GMSEAL_RETURN_IF_ERROR(output.open());
  crypto::Sm3 hash;
  {
    std::ifstream src(in, std::ios::binary);
    Bytes buffer(1 << 20);
    std::uint64_t left = doc.file_size();
    while (left > 0) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
      src.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(n));
      if (static_cast<std::size_t>(src.gcount()) != n) {
        return make_error("io.read_failed", "reading " + in.string() + " failed");
      }
      const ByteView chunk(buffer.data(), n);
      hash.update(chunk);
      GMSEAL_RETURN_IF_ERROR(output.write(chunk));
      left -= n;
    }
  }
  hash.update(ByteView(tail).first(hole_at));
  hash.update(ByteView(tail).subspan(hole_end));
  ContainerRequest request{hash.final(), byte_range, options.signing_time};
  GMSEAL_ASSIGN_OR_RETURN(Bytes container, options.build_container(request));
  if (container.size() > options.reserve_bytes) {
    return make_error("pdf.sign.container_too_large",
                      "the signature container needs " + std::to_string(container.size()) +
                          " bytes but only " + std::to_string(options.reserve_bytes) +
                          " were reserved in /Contents; sign again with a larger reserve");
  }
  const std::string hex = hex_encode(container);
  std::memcpy(&tail[hole_at + 1], hex.data(), hex.size());
  GMSEAL_RETURN_IF_ERROR(output.write(tail));
  GMSEAL_RETURN_IF_ERROR(output.commit());

  SignResult result;
  result.byte_range = byte_range;
  result.container_size = container.size();
  result.widgets = static_cast<int>(plans.size());
  result.field_name = field_name;
  return result;
}

}  // namespace

Result<SignResult> sign_pdf(const fs::path& in, const fs::path& out, const SignOptions& options) {
  GMSEAL_ASSIGN_OR_RETURN(Document doc, Document::open(in));
  if (!doc.repaired()) {
    return guard_qpdf("pdf.sign.failed", "sealing " + in.string(),
                      [&] { return sign_document(doc, in, out, options); });
  }
  const std::string why = doc.warnings().empty() ? "" : doc.warnings().front();
  if (!options.allow_repair) {
    return make_error("pdf.repaired", in.string() + " is damaged (QPDF had to repair it: " + why +
                                          "); sealing it incrementally would build on a broken "
                                          "structure. Use --repair to rewrite it first (only "
                                          "for files that carry no signature)");
  }
  GMSEAL_ASSIGN_OR_RETURN(std::vector<SignatureField> existing, find_signature_fields(doc));
  if (!existing.empty()) {
    return make_error("pdf.repaired", in.string() + " is damaged and carries " +
                                          std::to_string(existing.size()) +
                                          " signature(s); rewriting it would break them");
  }
  // Rewrite the repaired document into a clean file, then seal that.
  const fs::path clean = out.string() + ".gmseal-repaired";
  auto written = guard_qpdf("pdf.repair_failed", "rewriting the repaired PDF", [&]() -> Status {
    const std::string clean_name = clean.string();  // QPDFWriter keeps the pointer
    QPDFWriter writer(doc.qpdf(), clean_name.c_str());
    writer.write();
    return {};
  });
  if (!written.ok()) return written.error();
  auto reopened = Document::open(clean);
  if (!reopened.ok()) {
    fs::remove(clean);
    return reopened.error();
  }
  auto result = guard_qpdf("pdf.sign.failed", "sealing " + in.string(),
                           [&] { return sign_document(*reopened, clean, out, options); });
  fs::remove(clean);
  if (result.ok()) result->rewritten_after_repair = true;
  return result;
}

}  // namespace gmseal::pdf
