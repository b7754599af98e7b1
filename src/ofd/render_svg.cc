#include "ofd/render_svg.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "ofd/internal/xml.h"
#include "ofd/page_text.h"
#include "ofd/path.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "ses/signature.h"
#include "util/bytes.h"
#include "util/media_type.h"

namespace gmseal::ofd {

namespace {

struct Media {
  std::string path;  // canonical
};

struct Resources {
  std::map<std::string, std::string> font_family;  // Font ID -> family (or font) name
  std::map<std::string, Media> media;              // MultiMedia ID -> file
};

std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
  return out;
}

// "r g b" (0-255) -> "rgb(r,g,b)"; `fallback` when absent or malformed.
std::string colour(std::string_view value, const std::string& fallback) {
  std::istringstream in{std::string(value)};
  int r = 0, g = 0, b = 0;
  if (!(in >> r >> g >> b)) return fallback;
  return "rgb(" + std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ")";
}

// Reads one resource file (PublicRes / DocumentRes / PageRes) into `res`. Unreadable resource
// files are skipped: a preview without a font name or an image is still a preview.
void read_resources(const Package& package, const std::string& res_path, Resources& res) {
  auto bytes = package.read(res_path);
  if (!bytes.ok()) return;
  pugi::xml_document xml;
  if (!internal::parse_xml(*bytes, xml, res_path).ok()) return;
  const pugi::xml_node root = xml.document_element();
  std::string base = parent_dir(res_path);
  if (const std::string loc = root.attribute("BaseLoc").value(); !loc.empty()) {
    if (auto resolved = resolve_loc(loc, base); resolved.ok()) base = *resolved;
  }
  for (const pugi::xml_node& fonts : internal::children(root, "Fonts")) {
    for (const pugi::xml_node& font : internal::children(fonts, "Font")) {
      std::string family = font.attribute("FamilyName").value();
      if (family.empty()) family = font.attribute("FontName").value();
      res.font_family[font.attribute("ID").value()] = family;
    }
  }
  for (const pugi::xml_node& medias : internal::children(root, "MultiMedias")) {
    for (const pugi::xml_node& media : internal::children(medias, "MultiMedia")) {
      const std::string file = internal::child_text(media, "MediaFile");
      if (file.empty()) continue;
      if (auto resolved = resolve_loc(file, base); resolved.ok())
        res.media[media.attribute("ID").value()] = Media{*resolved};
    }
  }
}

void read_resource_list(const Package& package, const pugi::xml_node& parent,
                        const std::string& base_dir, const char* name, Resources& res) {
  for (const pugi::xml_node& loc : internal::children(parent, name)) {
    if (auto path = resolve_loc(internal::trim(loc.text().get()), base_dir); path.ok())
      read_resources(package, *path, res);
  }
}

// "a b c d e f" -> " matrix(a,b,c,d,e,f)"; empty when absent or malformed.
std::string ctm_transform(std::string_view text) {
  std::istringstream in{std::string(text)};
  double v[6];
  for (double& x : v)
    if (!(in >> x)) return "";
  std::ostringstream out;
  out << " matrix(" << v[0] << "," << v[1] << "," << v[2] << "," << v[3] << "," << v[4] << ","
      << v[5] << ")";
  return out.str();
}

std::string object_transform(const pugi::xml_node& node) {
  Box box;
  if (auto parsed = parse_box(node.attribute("Boundary").value()); parsed.ok()) box = *parsed;
  return "translate(" + format_number(box.x) + "," + format_number(box.y) + ")" +
         ctm_transform(node.attribute("CTM").value());
}

// OFD AbbreviatedData -> SVG path data: S/M move, L line, Q quadratic, B cubic, A arc, C close.
std::string svg_path(std::string_view data) {
  std::istringstream in{std::string(data)};
  std::string token, out;
  while (in >> token) {
    if (token == "S" || token == "M") {
      out += "M";
    } else if (token == "L" || token == "Q" || token == "A") {
      out += token;
    } else if (token == "B") {
      out += "C";
    } else if (token == "C") {
      out += "Z";
    } else {
      char* end = nullptr;
      std::strtod(token.c_str(), &end);
      if (end == token.c_str() || *end != '\0') return out;  // malformed: stop here
      out += token;
    }
    out += ' ';
  }
  return out;
}

bool flag(const pugi::xml_node& node, const char* name, bool fallback) {
  const pugi::xml_attribute attr = node.attribute(name);
  if (!attr) return fallback;
  return std::string_view(attr.value()) == "true";
}

void draw_objects(const Package& package, const pugi::xml_node& root, const Resources& res,
                  std::ostringstream& svg) {
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    const pugi::xml_node node = stack.back();
    stack.pop_back();
    const std::string_view name = internal::local_name(node);
    if (name == "PathObject") {
      const std::string d = svg_path(internal::child_text(node, "AbbreviatedData"));
      if (d.empty()) continue;
      const bool stroke = flag(node, "Stroke", true);
      const bool fill = flag(node, "Fill", false);
      const char* width = node.attribute("LineWidth").value();
      svg << "<path transform=\"" << object_transform(node) << "\" d=\"" << d << "\" fill=\""
          << (fill ? colour(internal::child(node, "FillColor").attribute("Value").value(),
                            "rgb(0,0,0)")
                   : "none")
          << "\" stroke=\""
          << (stroke ? colour(internal::child(node, "StrokeColor").attribute("Value").value(),
                              "rgb(0,0,0)")
                     : "none")
          << "\" stroke-width=\"" << (*width ? xml_escape(width) : "0.353") << "\"/>\n";
      continue;
    }
    if (name == "ImageObject") {
      const auto media = res.media.find(node.attribute("ResourceID").value());
      if (media == res.media.end()) continue;
      auto bytes = package.read(media->second.path);
      if (!bytes.ok()) continue;
      const std::string uri = image_data_uri(*bytes);
      if (uri.empty()) continue;
      svg << "<image transform=\"" << object_transform(node)
          << "\" x=\"0\" y=\"0\" width=\"1\" height=\"1\" preserveAspectRatio=\"none\" href=\""
          << uri << "\"/>\n";
      continue;
    }
    if (name == "TextObject" || name == "CompositeObject") continue;  // text: drawn afterwards
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node kid = node.first_child(); kid; kid = kid.next_sibling())
      if (kid.type() == pugi::node_element) kids.push_back(kid);
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
}

void draw_stamps(const Package& package, const DocumentInfo& document, const Page& page,
                 std::ostringstream& svg) {
  if (document.signatures_path.empty()) return;
  auto list_xml = package.read(document.signatures_path);
  if (!list_xml.ok()) return;
  auto list = parse_signature_list(*list_xml, document.signatures_path, package);
  if (!list.ok()) return;
  int clip_count = 0;  // clipPath ids, unique within the page's SVG
  for (const SignatureEntry& entry : list->entries) {
    auto bytes = package.read(entry.signature_path);
    if (!bytes.ok()) continue;
    auto xml = parse_signature_xml(*bytes, entry.signature_path);
    if (!xml.ok()) continue;
    std::string picture;
    if (auto value_path = resolve_in_package(package, xml->signed_value_loc,
                                             parent_dir(entry.signature_path), "/");
        value_path.ok()) {
      if (auto value = package.read(*value_path); value.ok()) {
        if (auto signature = ses::Signature::parse(*value); signature.ok())
          picture = image_data_uri(signature->seal().info().picture.data);
      }
    }
    for (const StampAnnot& stamp : xml->stamp_annots) {
      if (stamp.page_ref != page.id) continue;
      const Box& b = stamp.boundary;
      // A riding seal's Boundary holds the whole seal, mostly off this page; its Clip (relative
      // to the Boundary) is the slice this page shows.
      const Box shown =
          stamp.clip ? Box{b.x + stamp.clip->x, b.y + stamp.clip->y, stamp.clip->w, stamp.clip->h}
                     : b;
      const std::string id = xml_escape(entry.id);
      if (!picture.empty()) {
        std::string clip_ref;
        if (stamp.clip) {
          const std::string clip_id = "stamp-clip-" + std::to_string(++clip_count);
          svg << "<clipPath id=\"" << clip_id << "\"><rect x=\"" << format_number(shown.x)
              << "\" y=\"" << format_number(shown.y) << "\" width=\"" << format_number(shown.w)
              << "\" height=\"" << format_number(shown.h) << "\"/></clipPath>\n";
          clip_ref = " clip-path=\"url(#" + clip_id + ")\"";
        }
        svg << "<image class=\"stamp\" x=\"" << format_number(b.x) << "\" y=\""
            << format_number(b.y) << "\" width=\"" << format_number(b.w) << "\" height=\""
            << format_number(b.h) << "\" preserveAspectRatio=\"none\"" << clip_ref << " href=\""
            << picture << "\"/>\n";
      }
      svg << "<rect class=\"stamp-box\" data-signature=\"" << id << "\" x=\""
          << format_number(shown.x) << "\" y=\"" << format_number(shown.y) << "\" width=\""
          << format_number(shown.w) << "\" height=\"" << format_number(shown.h)
          << "\" fill=\"none\" stroke=\"#c8102e\" stroke-width=\"0.3\" "
             "stroke-dasharray=\"1 0.6\"/>\n";
    }
  }
}

}  // namespace

Result<std::string> render_page_svg(const Package& package, const DocumentInfo& document,
                                    std::size_t page_index) {
  if (page_index >= document.pages.size()) {
    return make_error("ofd.render.no_page",
                      "page " + std::to_string(page_index + 1) +
                          " does not exist (the document has " +
                          std::to_string(document.pages.size()) + ")",
                      "page");
  }
  const Page& page = document.pages[page_index];
  Resources res;
  if (auto doc_bytes = package.read(document.doc_root); doc_bytes.ok()) {
    pugi::xml_document doc_xml;
    if (internal::parse_xml(*doc_bytes, doc_xml, document.doc_root).ok()) {
      const pugi::xml_node common = internal::child(doc_xml.document_element(), "CommonData");
      const std::string base = parent_dir(document.doc_root);
      read_resource_list(package, common, base, "PublicRes", res);
      read_resource_list(package, common, base, "DocumentRes", res);
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(const ByteView content, package.read(page.content_path));
  pugi::xml_document xml;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(content, xml, page.content_path));
  read_resource_list(package, xml.document_element(), parent_dir(page.content_path), "PageRes",
                     res);
  const Box box = page_box(package, document, page);

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << format_number(box.w)
      << "mm\" height=\"" << format_number(box.h) << "mm\" viewBox=\"" << format_box(box)
      << "\" data-page=\"" << page_index + 1 << "\">\n"
      << "<rect x=\"" << format_number(box.x) << "\" y=\"" << format_number(box.y) << "\" width=\""
      << format_number(box.w) << "\" height=\"" << format_number(box.h) << "\" fill=\"#fff\"/>\n";
  draw_objects(package, internal::child(xml.document_element(), "Content"), res, svg);
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<Glyph> glyphs, read_page_glyphs(package, page));
  for (const Glyph& g : glyphs) {
    if (g.code == U' ' || g.code == U'\t') continue;
    const auto family = res.font_family.find(g.font_id);
    svg << "<text x=\"" << format_number(g.x) << "\" y=\"" << format_number(g.y)
        << "\" font-size=\"" << format_number(g.size) << "\" font-family=\""
        << xml_escape(family == res.font_family.end() ? "serif" : family->second + ", serif")
        << "\" fill=\"" << colour(g.fill, "rgb(0,0,0)") << "\">" << xml_escape(utf8(g.code))
        << "</text>\n";
  }
  draw_stamps(package, document, page, svg);
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace gmseal::ofd
