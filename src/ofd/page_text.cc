#include "ofd/page_text.h"

#include <algorithm>
#include <cstdlib>

#include "ofd/internal/xml.h"

namespace gmseal::ofd {

namespace {

// "3 g 4 1.5 2" -> {3, 1.5, 1.5, 1.5, 1.5, 2}. Malformed tokens end the list.
std::vector<double> parse_deltas(std::string_view text, std::size_t limit) {
  std::vector<double> out;
  std::string copy(text);
  const char* p = copy.c_str();
  auto next_number = [&p](double& value) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') ++p;
    char* end = nullptr;
    value = std::strtod(p, &end);
    if (end == p) return false;
    p = end;
    return true;
  };
  while (out.size() < limit) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') ++p;
    if (*p == '\0') break;
    if (*p == 'g' || *p == 'G') {
      ++p;
      double count = 0;
      double delta = 0;
      if (!next_number(count) || !next_number(delta) || count < 0) break;
      for (double i = 0; i < count && out.size() < limit; ++i) out.push_back(delta);
      continue;
    }
    double value = 0;
    if (!next_number(value)) break;
    out.push_back(value);
  }
  return out;
}

struct Ctm {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
};

Ctm parse_ctm(std::string_view text) {
  Ctm ctm;
  if (text.empty()) return ctm;
  std::string copy(text);
  double v[6];
  const char* p = copy.c_str();
  for (double& value : v) {
    char* end = nullptr;
    value = std::strtod(p, &end);
    if (end == p) return Ctm{};
    p = end;
  }
  return Ctm{v[0], v[1], v[2], v[3], v[4], v[5]};
}

// The offset from glyph i to glyph i+1. A list shorter than the text repeats its last value for
// the remaining glyphs (producers write DeltaX="3.175" for a whole run of CJK text; ofdrw and
// other readers lay it out that way). With no list at all the glyphs advance by `fallback`.
double advance(const std::vector<double>& deltas, std::size_t i, double fallback) {
  if (deltas.empty()) return fallback;
  return i < deltas.size() ? deltas[i] : deltas.back();
}

double number_attr(const pugi::xml_node& node, const char* name, double fallback) {
  const pugi::xml_attribute attr = node.attribute(name);
  if (!attr) return fallback;
  char* end = nullptr;
  const double value = std::strtod(attr.value(), &end);
  return end == attr.value() ? fallback : value;
}

}  // namespace

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

Result<std::vector<Glyph>> read_page_glyphs(const Package& package, const Page& page) {
  GMSEAL_ASSIGN_OR_RETURN(const ByteView content, package.read(page.content_path));
  pugi::xml_document xml;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(content, xml, page.content_path));
  std::vector<Glyph> glyphs;
  // Iterative walk: page files nest PageBlocks arbitrarily deep.
  std::vector<pugi::xml_node> stack{xml.document_element()};
  while (!stack.empty()) {
    const pugi::xml_node node = stack.back();
    stack.pop_back();
    if (!node) continue;
    if (internal::local_name(node) == "TextObject") {
      Box boundary;
      if (auto parsed = parse_box(node.attribute("Boundary").value()); parsed.ok()) {
        boundary = *parsed;
      }
      const Ctm ctm = parse_ctm(node.attribute("CTM").value());
      const double size = number_attr(node, "Size", 3.5);
      const double scaled_size = size * std::max(std::abs(ctm.a), std::abs(ctm.d));
      const std::string font_id = node.attribute("Font").value();
      const std::string fill =
          internal::trim(internal::child(node, "FillColor").attribute("Value").value());
      double last_x = 0;
      double last_y = 0;
      for (const pugi::xml_node& code : internal::children(node, "TextCode")) {
        const std::u32string text = decode_utf8(code.text().get());
        double x = number_attr(code, "X", last_x);
        double y = number_attr(code, "Y", last_y);
        const std::vector<double> dx = parse_deltas(code.attribute("DeltaX").value(), text.size());
        const std::vector<double> dy = parse_deltas(code.attribute("DeltaY").value(), text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
          Glyph glyph;
          glyph.code = text[i];
          glyph.x = boundary.x + ctm.a * x + ctm.c * y + ctm.e;
          glyph.y = boundary.y + ctm.b * x + ctm.d * y + ctm.f;
          glyph.size = scaled_size;
          glyph.font_id = font_id;
          glyph.fill = fill;
          glyphs.push_back(glyph);
          x += advance(dx, i, dy.empty() ? size : 0);
          y += advance(dy, i, 0);
        }
        last_x = x;
        last_y = y;
      }
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

Result<std::vector<KeywordMatch>> find_keyword(const Package& package, const DocumentInfo& document,
                                               std::string_view keyword) {
  const std::u32string wanted = decode_utf8(keyword);
  if (wanted.empty()) {
    return make_error("ofd.keyword.empty", "the keyword to search for is empty", "keyword");
  }
  std::vector<KeywordMatch> matches;
  for (const Page& page : document.pages) {
    GMSEAL_ASSIGN_OR_RETURN(const std::vector<Glyph> glyphs, read_page_glyphs(package, page));
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
  return matches;
}

}  // namespace gmseal::ofd
