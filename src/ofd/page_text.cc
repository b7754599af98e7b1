#include "ofd/page_text.h"

#include <algorithm>

#include "ofd/internal/page_templates.h"
#include "ofd/internal/text_layout.h"
#include "ofd/internal/xml.h"

namespace gmseal::ofd {

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t code = 0;
    if (byte < 0x80) {
      code = byte;
    } else if ((byte & 0xe0) == 0xc0) {
      extra = 1;
      code = byte & 0x1f;
    } else if ((byte & 0xf0) == 0xe0) {
      extra = 2;
      code = byte & 0x0f;
    } else if ((byte & 0xf8) == 0xf0) {
      extra = 3;
      code = byte & 0x07;
    } else {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    if (i + extra >= text.size()) {  // truncated sequence at the end
      out.push_back(0xfffd);
      break;
    }
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) {
        ok = false;
        break;
      }
      code = (code << 6) | (next & 0x3f);
    }
    if (!ok) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    out.push_back(code);
    i += extra + 1;
  }
  return out;
}

namespace {

// The glyphs of a page or template content file, in document order.
std::vector<Glyph> glyphs_of(const pugi::xml_node& root) {
  std::vector<Glyph> glyphs;
  // Iterative walk: page files nest PageBlocks arbitrarily deep.
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    const pugi::xml_node node = stack.back();
    stack.pop_back();
    if (!node) continue;
    if (internal::local_name(node) == "TextObject") {
      internal::TextLayout layout = internal::layout_text_object(node);
      glyphs.insert(glyphs.end(), layout.glyphs.begin(), layout.glyphs.end());
      continue;
    }
    // Push children in reverse so that they pop in document order.
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node kid = node.first_child(); kid; kid = kid.next_sibling()) {
      if (kid.type() == pugi::node_element) kids.push_back(kid);
    }
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return glyphs;
}

// Appends every occurrence of `wanted` in `glyphs` (one page's or one template's text).
void match_in(const std::vector<Glyph>& glyphs, const std::u32string& wanted, const Page& page,
              std::vector<KeywordMatch>& matches) {
  for (std::size_t start = 0; start + wanted.size() <= glyphs.size(); ++start) {
    bool equal = true;
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      if (glyphs[start + k].code != wanted[k]) {
        equal = false;
        break;
      }
    }
    if (!equal) continue;
    double left = glyphs[start].x;
    double right = glyphs[start].x + glyphs[start].size;
    double top = glyphs[start].y - glyphs[start].size;
    double bottom = glyphs[start].y;
    for (std::size_t k = 1; k < wanted.size(); ++k) {
      const Glyph& g = glyphs[start + k];
      left = std::min(left, g.x);
      right = std::max(right, g.x + g.size);
      top = std::min(top, g.y - g.size);
      bottom = std::max(bottom, g.y);
    }
    matches.push_back(
        KeywordMatch{page.index, page.id, Box{left, top, right - left, bottom - top}});
    start += wanted.size() - 1;
  }
}

// The glyphs of each template page `page_root` is drawn with, one list per template.
std::vector<std::vector<Glyph>> template_glyphs(const Package& package,
                                                const pugi::xml_node& document_root,
                                                const std::string& doc_root_path,
                                                const pugi::xml_node& page_root) {
  std::vector<std::vector<Glyph>> out;
  if (!document_root) return out;
  for (const internal::PageTemplate& t :
       internal::page_templates(document_root, doc_root_path, page_root)) {
    auto bytes = package.read(t.content_path);
    if (!bytes.ok()) continue;
    pugi::xml_document xml;
    if (!internal::parse_xml(*bytes, xml, t.content_path).ok()) continue;
    out.push_back(glyphs_of(xml.document_element()));
  }
  return out;
}

}  // namespace

Result<std::vector<Glyph>> read_page_glyphs(const Package& package, const Page& page) {
  GMSEAL_ASSIGN_OR_RETURN(const ByteView content, package.read(page.content_path));
  pugi::xml_document xml;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(content, xml, page.content_path));
  return glyphs_of(xml.document_element());
}

Result<std::vector<KeywordMatch>> find_keyword(const Package& package, const DocumentInfo& document,
                                               std::string_view keyword) {
  const std::u32string wanted = decode_utf8(keyword);
  if (wanted.empty()) {
    return make_error("ofd.keyword.empty", "the keyword to search for is empty", "keyword");
  }
  // Document.xml declares the template pages; without it the pages' own text is still searched.
  pugi::xml_document doc_xml;
  if (auto doc_bytes = package.read(document.doc_root); doc_bytes.ok()) {
    if (!internal::parse_xml(*doc_bytes, doc_xml, document.doc_root).ok()) doc_xml.reset();
  }
  std::vector<KeywordMatch> matches;
  for (const Page& page : document.pages) {
    GMSEAL_ASSIGN_OR_RETURN(const ByteView content, package.read(page.content_path));
    pugi::xml_document xml;
    GMSEAL_RETURN_IF_ERROR(internal::parse_xml(content, xml, page.content_path));
    match_in(glyphs_of(xml.document_element()), wanted, page, matches);
    for (const std::vector<Glyph>& glyphs : template_glyphs(
             package, doc_xml.document_element(), document.doc_root, xml.document_element())) {
      match_in(glyphs, wanted, page, matches);
    }
  }
  return matches;
}

}  // namespace gmseal::ofd
