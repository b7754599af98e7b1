#include "ofd/document.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ofd/internal/xml.h"
#include "ofd/path.h"

namespace gmseal::ofd {

namespace {

constexpr Box kA4{0, 0, 210, 297};

Result<std::string> resolve_in(std::string_view loc, std::string_view base_dir,
                               const std::string& what) {
  auto path = resolve_loc(loc, base_dir);
  if (!path.ok()) {
    return make_error(path.error().code, what + ": " + path.error().message, path.error().field);
  }
  return path;
}

}  // namespace

Result<Box> parse_box(std::string_view text) {
  double values[4];
  int count = 0;
  std::string copy(text);
  const char* p = copy.c_str();
  while (*p != '\0') {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',') ++p;
    if (*p == '\0') break;
    char* end = nullptr;
    const double value = std::strtod(p, &end);
    if (end == p || count == 4 || !std::isfinite(value)) {
      return make_error("ofd.xml.bad_box", "'" + copy + "' is not a box \"x y w h\"", copy);
    }
    values[count++] = value;
    p = end;
  }
  if (count != 4) {
    return make_error("ofd.xml.bad_box", "'" + copy + "' is not a box \"x y w h\"", copy);
  }
  return Box{values[0], values[1], values[2], values[3]};
}

std::string format_number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

std::string format_box(const Box& box) {
  return format_number(box.x) + " " + format_number(box.y) + " " + format_number(box.w) + " " +
         format_number(box.h);
}

Result<DocumentInfo> read_ofd_entry(const Package& package) {
  GMSEAL_ASSIGN_OR_RETURN(const ByteView ofd_xml, package.read("/OFD.xml"));
  pugi::xml_document xml;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(ofd_xml, xml, "/OFD.xml"));
  GMSEAL_ASSIGN_OR_RETURN(const pugi::xml_node root,
                          internal::root_element(xml, "OFD", "/OFD.xml"));
  const pugi::xml_node body = internal::child(root, "DocBody");
  if (!body) {
    return make_error("ofd.document.no_docbody", "/OFD.xml has no DocBody", "/OFD.xml");
  }
  const std::string doc_root_loc = internal::child_text(body, "DocRoot");
  if (doc_root_loc.empty()) {
    return make_error("ofd.document.no_docroot", "/OFD.xml names no DocRoot", "DocRoot");
  }
  DocumentInfo info;
  GMSEAL_ASSIGN_OR_RETURN(info.doc_root, resolve_in(doc_root_loc, "/", "DocRoot"));
  if (info.doc_root == "/OFD.xml") {
    return make_error("ofd.document.cyclic_path", "DocRoot points back at /OFD.xml", "DocRoot");
  }
  info.signatures_loc = internal::child_text(body, "Signatures");
  if (!info.signatures_loc.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(info.signatures_path,
                            resolve_in(info.signatures_loc, "/", "DocBody/Signatures"));
    if (info.signatures_path == "/OFD.xml" || info.signatures_path == info.doc_root) {
      return make_error("ofd.document.cyclic_path",
                        "DocBody/Signatures points at " + info.signatures_path +
                            ", which is not a signature list",
                        "Signatures");
    }
  }
  return info;
}

Result<DocumentInfo> read_document(const Package& package) {
  GMSEAL_ASSIGN_OR_RETURN(DocumentInfo info, read_ofd_entry(package));
  GMSEAL_ASSIGN_OR_RETURN(const ByteView document_xml, package.read(info.doc_root));
  pugi::xml_document xml;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(document_xml, xml, info.doc_root));
  GMSEAL_ASSIGN_OR_RETURN(const pugi::xml_node root,
                          internal::root_element(xml, "Document", info.doc_root));
  info.default_page_box = kA4;
  const pugi::xml_node area = internal::child(internal::child(root, "CommonData"), "PageArea");
  if (const std::string box = internal::child_text(area, "PhysicalBox"); !box.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(info.default_page_box, parse_box(box));
  }
  const std::string base_dir = parent_dir(info.doc_root);
  for (const pugi::xml_node& node : internal::children(internal::child(root, "Pages"), "Page")) {
    Page page;
    page.index = info.pages.size();
    page.id = internal::attribute_or_child(node, "ID");
    const std::string loc = internal::attribute_or_child(node, "BaseLoc");
    const std::string what = "Page " + std::to_string(page.index) + " BaseLoc";
    GMSEAL_ASSIGN_OR_RETURN(page.content_path, resolve_in(loc, base_dir, what));
    if (page.content_path == "/OFD.xml" || page.content_path == info.doc_root ||
        page.content_path == info.signatures_path) {
      return make_error("ofd.document.cyclic_path",
                        what + " points at " + page.content_path + ", which is not a page",
                        page.content_path);
    }
    info.pages.push_back(std::move(page));
  }
  return info;
}

Box page_box(const Package& package, const DocumentInfo& document, const Page& page) {
  auto content = package.read(page.content_path);
  if (!content.ok()) return document.default_page_box;
  pugi::xml_document xml;
  if (!internal::parse_xml(*content, xml, page.content_path).ok()) {
    return document.default_page_box;
  }
  const pugi::xml_node area = internal::child(xml.document_element(), "Area");
  if (const std::string box = internal::child_text(area, "PhysicalBox"); !box.empty()) {
    if (auto parsed = parse_box(box); parsed.ok()) return *parsed;
  }
  return document.default_page_box;
}

const Page* find_page(const DocumentInfo& document, std::string_view page_ref) {
  for (const Page& page : document.pages) {
    if (page.id == page_ref) return &page;
  }
  return nullptr;
}

}  // namespace gmseal::ofd
