#include "ofd/signature_list.h"

#include <set>

#include "ofd/internal/xml.h"
#include "ofd/path.h"
#include "util/markup.h"

namespace gmseal::ofd {

Result<std::string> resolve_in_package(const Package& package, std::string_view loc,
                                       std::string_view base_dir, std::string_view fallback_dir) {
  auto primary = resolve_loc(loc, base_dir);
  if (primary.ok() && package.find(*primary) != nullptr) return primary;
  if (auto fallback = resolve_loc(loc, fallback_dir);
      fallback.ok() && package.find(*fallback) != nullptr) {
    return fallback;
  }
  return primary;
}

Result<SignatureList> parse_signature_list(ByteView xml, std::string_view list_path,
                                           const Package& package) {
  const std::string what(list_path);
  pugi::xml_document doc;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(xml, doc, what));
  GMSEAL_ASSIGN_OR_RETURN(const pugi::xml_node root,
                          internal::root_element(doc, "Signatures", what));
  SignatureList list;
  list.max_sign_id = internal::child_text(root, "MaxSignId");
  const std::string base_dir = parent_dir(list_path);
  std::set<std::string> seen;
  for (const pugi::xml_node& node : internal::children(root, "Signature")) {
    SignatureEntry entry;
    entry.id = internal::attribute_or_child(node, "ID");
    if (std::string type = internal::attribute_or_child(node, "Type"); !type.empty()) {
      entry.type = type;
    }
    entry.base_loc = internal::attribute_or_child(node, "BaseLoc");
    entry.relative = internal::attribute_or_child(node, "Relative");
    if (entry.base_loc.empty()) {
      return make_error("ofd.signatures.bad_entry",
                        what + ": signature '" + entry.id + "' has no BaseLoc", entry.id);
    }
    auto path = resolve_in_package(package, entry.base_loc, base_dir, "/");
    if (!path.ok()) {
      return make_error(path.error().code,
                        what + ": signature '" + entry.id + "' BaseLoc: " + path.error().message,
                        entry.base_loc);
    }
    entry.signature_path = *path;
    if (entry.signature_path == list_path || entry.signature_path == "/OFD.xml" ||
        !seen.insert(entry.signature_path).second) {
      return make_error("ofd.signatures.cyclic_path",
                        what + ": signature '" + entry.id + "' BaseLoc points at " +
                            entry.signature_path + ", which is not its own Signature.xml",
                        entry.base_loc);
    }
    list.entries.push_back(std::move(entry));
  }
  return list;
}

std::string serialize_signature_list(const SignatureList& list) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:Signatures xmlns:ofd=\"http://www.ofdspec.org/2016\">";
  if (!list.max_sign_id.empty()) {
    out += "<ofd:MaxSignId>" + escape_markup(list.max_sign_id) + "</ofd:MaxSignId>";
  }
  for (const SignatureEntry& entry : list.entries) {
    out += "<ofd:Signature ID=\"" + escape_markup(entry.id) + "\" Type=\"" +
           escape_markup(entry.type) + "\" BaseLoc=\"" + escape_markup(entry.base_loc) + "\"";
    if (!entry.relative.empty()) out += " Relative=\"" + escape_markup(entry.relative) + "\"";
    out += "/>";
  }
  out += "</ofd:Signatures>";
  return out;
}

}  // namespace gmseal::ofd
