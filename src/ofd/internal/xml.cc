#include "ofd/internal/xml.h"

namespace gmseal::ofd::internal {

Result<pugi::xml_document*> parse_xml(ByteView data, pugi::xml_document& doc,
                                      const std::string& what) {
  const pugi::xml_parse_result result =
      doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_auto);
  if (!result) {
    return make_error("ofd.xml.malformed",
                      what + " is not well-formed XML: " + result.description() + " at byte " +
                          std::to_string(result.offset),
                      what);
  }
  return &doc;
}

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name(node) == name) return node;
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name(node) == name) out.push_back(node);
  }
  return out;
}

Result<pugi::xml_node> root_element(const pugi::xml_document& doc, std::string_view name,
                                    const std::string& what) {
  const pugi::xml_node root = doc.document_element();
  if (!root || local_name(root) != name) {
    return make_error("ofd.xml.unexpected_root",
                      what + ": root element is <" + std::string(root ? root.name() : "") +
                          ">, expected <" + std::string(name) + ">",
                      what);
  }
  return root;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string attribute_or_child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
    std::string_view attr_name = attr.name();
    const std::size_t colon = attr_name.rfind(':');
    if (colon != std::string_view::npos) attr_name = attr_name.substr(colon + 1);
    if (attr_name == name) return trim(attr.value());
  }
  return child_text(node, name);
}

std::string child_text(const pugi::xml_node& parent, std::string_view name) {
  const pugi::xml_node node = child(parent, name);
  return node ? trim(node.text().get()) : std::string();
}

}  // namespace gmseal::ofd::internal
