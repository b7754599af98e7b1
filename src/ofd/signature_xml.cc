#include "ofd/signature_xml.h"

#include "ofd/internal/xml.h"
#include "util/markup.h"

namespace gmseal::ofd {

Result<SignatureXml> parse_signature_xml(ByteView xml, const std::string& what) {
  pugi::xml_document doc;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(xml, doc, what));
  GMSEAL_ASSIGN_OR_RETURN(const pugi::xml_node root,
                          internal::root_element(doc, "Signature", what));
  const pugi::xml_node info = internal::child(root, "SignedInfo");
  if (!info) {
    return make_error("ofd.signature_xml.no_signed_info", what + " has no SignedInfo", what);
  }
  SignatureXml out;
  const pugi::xml_node provider = internal::child(info, "Provider");
  out.provider_name = internal::attribute_or_child(provider, "ProviderName");
  out.provider_version = internal::attribute_or_child(provider, "Version");
  out.provider_company = internal::attribute_or_child(provider, "Company");
  out.signature_method = internal::child_text(info, "SignatureMethod");
  out.signature_date_time = internal::child_text(info, "SignatureDateTime");
  const pugi::xml_node references = internal::child(info, "References");
  out.check_method = internal::attribute_or_child(references, "CheckMethod");
  for (const pugi::xml_node& node : internal::children(references, "Reference")) {
    out.references.push_back(Reference{internal::attribute_or_child(node, "FileRef"),
                                       internal::child_text(node, "CheckValue")});
  }
  for (const pugi::xml_node& node : internal::children(info, "StampAnnot")) {
    StampAnnot annot;
    annot.id = internal::attribute_or_child(node, "ID");
    annot.page_ref = internal::attribute_or_child(node, "PageRef");
    GMSEAL_ASSIGN_OR_RETURN(annot.boundary,
                            parse_box(internal::attribute_or_child(node, "Boundary")));
    if (const std::string clip = internal::attribute_or_child(node, "Clip"); !clip.empty()) {
      GMSEAL_ASSIGN_OR_RETURN(annot.clip, parse_box(clip));
    }
    out.stamp_annots.push_back(std::move(annot));
  }
  out.seal_loc = internal::child_text(internal::child(info, "Seal"), "BaseLoc");
  out.signed_value_loc = internal::child_text(root, "SignedValue");
  if (out.signed_value_loc.empty()) {
    return make_error("ofd.signature_xml.no_signed_value", what + " names no SignedValue", what);
  }
  return out;
}

std::optional<Time> parse_signature_date_time(std::string_view text) {
  const std::string t = internal::trim(text);
  if (t.empty()) return std::nullopt;
  const bool digits14 = t.size() == 14 && t.find_first_not_of("0123456789") == std::string::npos;
  if (digits14) {
    if (auto at = parse_generalized_time(t + "+0800"); at.ok()) return *at;
  }
  if (t.back() == 'Z' && t.find('-') == std::string::npos) {
    if (auto at = parse_generalized_time(t); at.ok()) return *at;
  }
  if (t.size() == 19 && t[4] == '-' && t[10] == ' ') {
    if (auto at = parse_beijing_time(t); at.ok()) return *at;
  }
  if (auto at = parse_time_argument(t); at.ok()) return *at;
  return std::nullopt;
}

std::string serialize_signature_xml(const SignatureXml& s) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:Signature xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:SignedInfo>";
  out += "<ofd:Provider ProviderName=\"" + escape_markup(s.provider_name) + "\"";
  if (!s.provider_version.empty()) out += " Version=\"" + escape_markup(s.provider_version) + "\"";
  if (!s.provider_company.empty()) out += " Company=\"" + escape_markup(s.provider_company) + "\"";
  out += "/>";
  if (!s.signature_method.empty()) {
    out += "<ofd:SignatureMethod>" + escape_markup(s.signature_method) + "</ofd:SignatureMethod>";
  }
  if (!s.signature_date_time.empty()) {
    out += "<ofd:SignatureDateTime>" + escape_markup(s.signature_date_time) +
           "</ofd:SignatureDateTime>";
  }
  out += "<ofd:References";
  if (!s.check_method.empty()) out += " CheckMethod=\"" + escape_markup(s.check_method) + "\"";
  out += ">";
  for (const Reference& reference : s.references) {
    out += "<ofd:Reference FileRef=\"" + escape_markup(reference.file_ref) + "\"><ofd:CheckValue>" +
           escape_markup(reference.check_value) + "</ofd:CheckValue></ofd:Reference>";
  }
  out += "</ofd:References>";
  for (const StampAnnot& annot : s.stamp_annots) {
    out += "<ofd:StampAnnot ID=\"" + escape_markup(annot.id) + "\" PageRef=\"" +
           escape_markup(annot.page_ref) + "\" Boundary=\"" + format_box(annot.boundary) + "\"";
    if (annot.clip) out += " Clip=\"" + format_box(*annot.clip) + "\"";
    out += "/>";
  }
  if (!s.seal_loc.empty()) {
    out += "<ofd:Seal><ofd:BaseLoc>" + escape_markup(s.seal_loc) + "</ofd:BaseLoc></ofd:Seal>";
  }
  out += "</ofd:SignedInfo><ofd:SignedValue>" + escape_markup(s.signed_value_loc) +
         "</ofd:SignedValue></ofd:Signature>";
  return out;
}

}  // namespace gmseal::ofd
