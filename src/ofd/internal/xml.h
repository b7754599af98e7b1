// Internal to src/ofd: pugixml helpers that read OFD XML the way real producers write it.
//
// Elements are matched by local name, whatever their prefix or namespace URI: files use
// "http://www.ofdspec.org/2016", "http://www.ofdspec.org" (Suwell, oesplugin) or no namespace.
// Values that the schema makes attributes are also accepted as child elements (dms360 writes
// <ofd:ProviderName> inside <ofd:Provider>), and children are found in any order.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ofd::internal {

// Parses `data` (any encoding pugixml detects; a UTF-8 BOM is fine). `what` names the file in
// errors: ofd.xml.malformed.
Result<pugi::xml_document*> parse_xml(ByteView data, pugi::xml_document& doc,
                                      const std::string& what);

// "ofd:Page" -> "Page".
std::string_view local_name(const pugi::xml_node& node);
// First element child with local name `name` (null node when absent).
pugi::xml_node child(const pugi::xml_node& parent, std::string_view name);
// Every element child with local name `name`, in document order.
std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view name);
// The root element, required to have local name `name` (ofd.xml.unexpected_root otherwise).
Result<pugi::xml_node> root_element(const pugi::xml_document& doc, std::string_view name,
                                    const std::string& what);
// Attribute `name` (matched by local name), else the text of child element `name`, trimmed.
std::string attribute_or_child(const pugi::xml_node& node, std::string_view name);
// Text content of child `name`, trimmed; empty when absent.
std::string child_text(const pugi::xml_node& parent, std::string_view name);
std::string trim(std::string_view text);

}  // namespace gmseal::ofd::internal
