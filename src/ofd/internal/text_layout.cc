#include "ofd/internal/text_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "ofd/internal/xml.h"

namespace gmseal::ofd::internal {

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

Ctm parse_ctm(std::string_view text) {
  if (text.empty()) return Ctm{};
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

TextLayout layout_text_object(const pugi::xml_node& text_object) {
  TextLayout out;
  Box boundary;
  if (auto parsed = parse_box(text_object.attribute("Boundary").value()); parsed.ok()) {
    boundary = *parsed;
  }
  const Ctm ctm = parse_ctm(text_object.attribute("CTM").value());
  const double size = number_attr(text_object, "Size", 3.5);
  out.size = size;
  out.ctm = ctm;
  const double scaled_size = size * std::max(std::abs(ctm.a), std::abs(ctm.d));
  const std::string font_id = text_object.attribute("Font").value();
  const std::string fill = trim(child(text_object, "FillColor").attribute("Value").value());
  double last_x = 0;
  double last_y = 0;
  for (const pugi::xml_node& code : children(text_object, "TextCode")) {
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
      out.glyphs.push_back(glyph);
      x += advance(dx, i, dy.empty() ? size : 0);
      y += advance(dy, i, 0);
    }
    last_x = x;
    last_y = y;
  }
  return out;
}

}  // namespace gmseal::ofd::internal
