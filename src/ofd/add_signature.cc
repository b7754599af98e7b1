#include "ofd/add_signature.h"

#include <algorithm>
#include <map>
#include <set>

#include "ofd/check_method.h"
#include "ofd/document.h"
#include "ofd/internal/xml.h"
#include "ofd/package_writer.h"
#include "ofd/path.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "util/markup.h"

namespace gmseal::ofd {

namespace {

// Signature and StampAnnot IDs share one ID space (§18.1). Producers write "1", "2"... or
// "s001"...; the next IDs follow the highest existing one in its own style.
class IdAllocator {
 public:
  void see(std::string_view id) {
    std::size_t digits_at = id.size();
    while (digits_at > 0 && id[digits_at - 1] >= '0' && id[digits_at - 1] <= '9') --digits_at;
    if (digits_at == id.size() || id.size() - digits_at > 9) return;
    const long value = std::stol(std::string(id.substr(digits_at)));
    if (value >= max_) {
      max_ = value;
      prefix_ = std::string(id.substr(0, digits_at));
      width_ = prefix_.empty() ? 0 : id.size() - digits_at;
    }
  }
  std::string next() {
    ++max_;
    std::string digits = std::to_string(max_);
    if (digits.size() < width_) digits.insert(0, width_ - digits.size(), '0');
    last_ = prefix_ + digits;
    return last_;
  }
  const std::string& last() const { return last_; }

 private:
  long max_ = 0;
  std::string prefix_;
  std::size_t width_ = 0;
  std::string last_;
};

std::string signing_folder(const Package& package, const DocumentInfo& document) {
  const std::string doc_dir = parent_dir(document.doc_root);
  const std::string signs = (doc_dir == "/" ? std::string() : doc_dir) + "/Signs/Sign_";
  for (std::size_t n = 0;; ++n) {
    const std::string folder = signs + std::to_string(n);
    const bool used = std::any_of(
        package.entries().begin(), package.entries().end(),
        [&folder](const PackageEntry& entry) { return entry.path.rfind(folder + "/", 0) == 0; });
    if (!used) return folder;
  }
}

}  // namespace

Result<Bytes> insert_signatures_entry(ByteView ofd_xml, const std::string& loc) {
  pugi::xml_document doc;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(ofd_xml, doc, "/OFD.xml"));
  GMSEAL_ASSIGN_OR_RETURN(const pugi::xml_node root,
                          internal::root_element(doc, "OFD", "/OFD.xml"));
  const pugi::xml_node body = internal::child(root, "DocBody");
  pugi::xml_node anchor = internal::child(body, "Versions");
  if (!anchor) anchor = internal::child(body, "DocRoot");
  if (!anchor) {
    return make_error("ofd.sign.bad_ofd_xml", "/OFD.xml has no DocBody/DocRoot to sign");
  }
  const std::string qualified = anchor.name();
  const std::string prefix =
      qualified.substr(0, qualified.size() - internal::local_name(anchor).size());
  // Insert after the anchor's end tag, found in the original bytes: the file is not
  // re-serialised (earlier signers, if any, never covered it, but readers diff it).
  const std::string text(ofd_xml.begin(), ofd_xml.end());
  const std::size_t start = static_cast<std::size_t>(anchor.offset_debug());
  const std::string end_tag = "</" + qualified;
  std::size_t at = text.find(end_tag, start);
  if (at != std::string::npos) at = text.find('>', at);
  if (at == std::string::npos) {
    return make_error("ofd.sign.bad_ofd_xml",
                      "cannot find the end of <" + qualified + "> in /OFD.xml (not UTF-8?)");
  }
  const std::string element =
      "<" + prefix + "Signatures>" + escape_markup(loc) + "</" + prefix + "Signatures>";
  std::string out = text.substr(0, at + 1) + element + text.substr(at + 1);
  return to_bytes(out);
}

Result<SignedPackage> add_signature(const Package& package, const NewSignature& spec,
                                    const SignedValueMaker& make_signed_value) {
  GMSEAL_ASSIGN_OR_RETURN(const DocumentInfo document, read_document(package));

  // The existing signature list, if any, and the IDs it uses.
  SignatureList list;
  IdAllocator ids;
  std::string list_path = document.signatures_path;
  const bool first_signature = list_path.empty();
  if (!first_signature) {
    GMSEAL_ASSIGN_OR_RETURN(const ByteView list_xml, package.read(list_path));
    GMSEAL_ASSIGN_OR_RETURN(list, parse_signature_list(list_xml, list_path, package));
    ids.see(list.max_sign_id);
    for (const SignatureEntry& entry : list.entries) {
      ids.see(entry.id);
      auto xml = package.read(entry.signature_path);
      if (!xml.ok()) continue;
      auto existing = parse_signature_xml(*xml, entry.signature_path);
      if (!existing.ok()) continue;
      for (const StampAnnot& annot : existing->stamp_annots) ids.see(annot.id);
      for (const Reference& reference : existing->references) {
        auto path = resolve_loc(reference.file_ref, "/");
        if (path.ok() && *path == list_path) {
          return make_error("ofd.sign.document_closed",
                            "signature '" + entry.id + "' covers " + list_path +
                                " (signed in final mode): the document accepts no more signatures",
                            entry.id);
        }
      }
    }
  } else {
    const std::string doc_dir = parent_dir(document.doc_root);
    list_path = (doc_dir == "/" ? std::string() : doc_dir) + "/Signs/Signatures.xml";
  }

  const std::string folder = signing_folder(package, document);
  const std::string signature_xml_path = folder + "/Signature.xml";
  const std::string signed_value_path = folder + "/SignedValue.dat";
  const std::string seal_path = folder + "/Seal.esl";

  SignatureEntry entry;
  entry.id = ids.next();
  entry.type = spec.type;
  entry.base_loc = signature_xml_path;
  entry.signature_path = signature_xml_path;

  SignatureXml xml;
  xml.provider_name = spec.provider_name;
  xml.provider_version = spec.provider_version;
  xml.provider_company = spec.provider_company;
  xml.signature_method = spec.signature_method;
  xml.signature_date_time = format_generalized_time(spec.signing_time);
  xml.check_method = std::string(kSm3CheckMethod);
  for (const PlacedStamp& stamp : spec.stamps) {
    if (stamp.page_index >= document.pages.size()) {
      return make_error("ofd.place.bad_page", "stamp on a page that does not exist", "page");
    }
    xml.stamp_annots.push_back(
        StampAnnot{ids.next(), document.pages[stamp.page_index].id, stamp.boundary, stamp.clip});
  }
  list.max_sign_id = ids.last();
  list.entries.push_back(entry);
  if (!spec.seal_esl.empty()) xml.seal_loc = seal_path;
  xml.signed_value_loc = signed_value_path;

  // Final content of every file the signature covers, new and changed files included.
  std::vector<FileWrite> writes;
  if (first_signature) {
    GMSEAL_ASSIGN_OR_RETURN(const ByteView ofd_xml, package.read("/OFD.xml"));
    GMSEAL_ASSIGN_OR_RETURN(Bytes edited, insert_signatures_entry(ofd_xml, list_path));
    writes.push_back(FileWrite{"/OFD.xml", std::move(edited)});
  }
  writes.push_back(FileWrite{list_path, to_bytes(serialize_signature_list(list))});
  if (!spec.seal_esl.empty()) writes.push_back(FileWrite{seal_path, spec.seal_esl});

  std::map<std::string, ByteView> content;
  std::vector<std::string> order;
  for (const PackageEntry& e : package.entries()) {
    content.emplace(e.path, ByteView(e.data));
    order.push_back(e.path);
  }
  for (const FileWrite& write : writes) {
    const std::string path = package.find(write.path) ? package.find(write.path)->path : write.path;
    if (content.count(path) == 0) order.push_back(path);
    content[path] = ByteView(write.data);
  }
  for (const std::string& path : order) {
    if (path == list_path && spec.mode == SignMode::kContinue) continue;
    const Bytes digest = compute_digest(DigestAlgorithm::kSm3, content.at(path));
    xml.references.push_back(Reference{path, base64_encode(digest)});
  }

  const std::string signature_xml = serialize_signature_xml(xml);
  const Bytes signature_xml_bytes = to_bytes(signature_xml);
  GMSEAL_ASSIGN_OR_RETURN(Bytes signed_value,
                          make_signed_value(signature_xml_bytes, signature_xml_path));
  writes.push_back(FileWrite{signature_xml_path, signature_xml_bytes});
  writes.push_back(FileWrite{signed_value_path, std::move(signed_value)});

  SignedPackage out;
  GMSEAL_ASSIGN_OR_RETURN(out.archive, rewrite_package(package, writes, spec.signing_time));
  out.signature_id = entry.id;
  out.signature_xml_path = signature_xml_path;
  return out;
}

}  // namespace gmseal::ofd
