#include "ofd/internal/svg_content.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "ofd/document.h"
#include "ofd/internal/text_layout.h"
#include "ofd/internal/xml.h"
#include "util/markup.h"
#include "util/media_type.h"

namespace gmseal::ofd::internal {

namespace {

// Page blocks nest; deeper nesting than this is not drawn (hostile files, not real ones).
constexpr int kMaxBlockDepth = 64;

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

// Up to 6 decimals, no trailing zeros: matrix entries and translations that format_number's 3
// decimals would round visibly once scaled.
std::string num(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", value);
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

std::string matrix(const Ctm& m) {
  return "matrix(" + num(m.a) + "," + num(m.b) + "," + num(m.c) + "," + num(m.d) + "," + num(m.e) +
         "," + num(m.f) + ")";
}

Box boundary_of(const pugi::xml_node& node) {
  auto parsed = parse_box(node.attribute("Boundary").value());
  return parsed.ok() ? *parsed : Box{};
}

// Boundary origin, then the CTM: the object's space in page (or block) millimetres.
std::string object_transform(const pugi::xml_node& node) {
  const Box box = boundary_of(node);
  std::string out = "translate(" + num(box.x) + "," + num(box.y) + ")";
  const Ctm ctm = parse_ctm(node.attribute("CTM").value());
  if (!ctm.is_identity()) out += " " + matrix(ctm);
  return out;
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
  return trim(attr.value()) == "true";
}

// The DrawParam `id` with what its Relative chain adds (8 steps at most: a cycle ends there).
DrawParam effective_param(const Resources& res, std::string id) {
  DrawParam out;
  for (int step = 0; step < 8 && !id.empty(); ++step) {
    const auto it = res.draw_params.find(id);
    if (it == res.draw_params.end()) break;
    const DrawParam& p = it->second;
    if (out.line_width.empty()) out.line_width = p.line_width;
    if (out.dash_pattern.empty()) out.dash_pattern = p.dash_pattern;
    if (!out.fill) out.fill = p.fill;
    if (!out.stroke) out.stroke = p.stroke;
    id = p.relative;
  }
  return out;
}

// " opacity=..." for an object's Alpha (0-255); empty when opaque.
std::string alpha_attr(const pugi::xml_node& node) {
  const pugi::xml_attribute alpha = node.attribute("Alpha");
  if (!alpha) return "";
  const double opacity = std::clamp(alpha.as_double(255) / 255.0, 0.0, 1.0);
  return opacity >= 1 ? "" : " opacity=\"" + num(opacity) + "\"";
}

// `name`="rgb(...)" plus `name`-opacity when the colour is translucent.
std::string paint_attrs(const char* name, const Paint& paint) {
  std::string out = std::string(" ") + name + "=\"" + paint.rgb + "\"";
  if (paint.opacity < 1) out += std::string(" ") + name + "-opacity=\"" + num(paint.opacity) + "\"";
  return out;
}

// Opens one <g clip-path> per Clip of `object` (§8.5: Areas united, Clips intersected, in the
// object's Boundary space; the object's CTM too when TransFlag is true). Returns how many
// groups the caller closes.
int open_clips(const pugi::xml_node& object, SvgIds& ids, std::ostringstream& svg) {
  const pugi::xml_node clips = child(object, "Clips");
  if (!clips) return 0;
  const Box box = boundary_of(object);
  std::string base = "translate(" + num(box.x) + "," + num(box.y) + ")";
  if (flag(clips, "TransFlag", false)) {
    const Ctm ctm = parse_ctm(object.attribute("CTM").value());
    if (!ctm.is_identity()) base += " " + matrix(ctm);
  }
  int opened = 0;
  for (const pugi::xml_node& clip : children(clips, "Clip")) {
    std::string paths;
    for (const pugi::xml_node& area : children(clip, "Area")) {
      const pugi::xml_node path = child(area, "Path");
      if (!path) continue;  // a Text area: not supported, does not clip
      const std::string d = svg_path(child_text(path, "AbbreviatedData"));
      if (d.empty()) continue;
      std::string transform = base;
      const Ctm area_ctm = parse_ctm(area.attribute("CTM").value());
      if (!area_ctm.is_identity()) transform += " " + matrix(area_ctm);
      paths += "<path transform=\"" + transform + "\" d=\"" + d + "\"/>";
    }
    if (paths.empty()) continue;
    const std::string id = ids.next("clip-");
    svg << "<clipPath id=\"" << id << "\">" << paths << "</clipPath>\n<g clip-path=\"url(#" << id
        << ")\">\n";
    ++opened;
  }
  return opened;
}

void draw_path(const pugi::xml_node& node, const DrawParam& param, std::ostringstream& svg) {
  const std::string d = svg_path(child_text(node, "AbbreviatedData"));
  if (d.empty()) return;
  const Paint black{"rgb(0,0,0)", 1};
  svg << "<path transform=\"" << object_transform(node) << "\" d=\"" << d << "\"";
  if (flag(node, "Fill", false)) {
    svg << paint_attrs("fill",
                       parse_color(child(node, "FillColor")).value_or(param.fill.value_or(black)));
    if (trim(node.attribute("Rule").value()) == "Even-Odd") svg << " fill-rule=\"evenodd\"";
  } else {
    svg << " fill=\"none\"";
  }
  if (flag(node, "Stroke", true)) {
    std::string width = trim(node.attribute("LineWidth").value());
    if (width.empty()) width = param.line_width;
    std::string dash = trim(node.attribute("DashPattern").value());
    if (dash.empty()) dash = param.dash_pattern;
    svg << paint_attrs(
               "stroke",
               parse_color(child(node, "StrokeColor")).value_or(param.stroke.value_or(black)))
        << " stroke-width=\"" << (width.empty() ? "0.353" : escape_markup(width)) << "\"";
    if (!dash.empty()) {
      svg << " stroke-dasharray=\"" << escape_markup(dash) << "\"";
      if (const char* offset = node.attribute("DashOffset").value(); *offset) {
        svg << " stroke-dashoffset=\"" << escape_markup(offset) << "\"";
      }
    }
  } else {
    svg << " stroke=\"none\"";
  }
  svg << alpha_attr(node) << "/>\n";
}

void draw_image(const Package& package, const pugi::xml_node& node, const Resources& res,
                std::ostringstream& svg) {
  const auto media = res.media.find(node.attribute("ResourceID").value());
  if (media == res.media.end()) return;
  auto bytes = package.read(media->second);
  if (!bytes.ok()) return;
  const std::string uri = image_data_uri(*bytes);
  if (uri.empty()) return;
  svg << "<image transform=\"" << object_transform(node)
      << "\" x=\"0\" y=\"0\" width=\"1\" height=\"1\" preserveAspectRatio=\"none\""
      << alpha_attr(node) << " href=\"" << uri << "\"/>\n";
}

// One <text> per visible glyph, inside a group that carries the object's font and paint. A CTM
// turns and scales each glyph about its own origin (the diagonal watermark of
// ofd/oesplugin-zibo-tampered.ofd, the CTM-scaled text of Suwell's templates), so that x and y
// stay the glyph's page position.
void draw_text(const pugi::xml_node& node, const Resources& res, const DrawParam& param,
               std::ostringstream& svg) {
  const TextLayout layout = layout_text_object(node);
  const auto family = res.font_family.find(node.attribute("Font").value());
  const Paint black{"rgb(0,0,0)", 1};
  svg << "<g class=\"text\" font-family=\""
      << escape_markup(family == res.font_family.end() ? "serif" : family->second + ", serif")
      << "\" font-size=\"" << num(layout.size) << "\"";
  if (flag(node, "Fill", true)) {
    svg << paint_attrs("fill",
                       parse_color(child(node, "FillColor")).value_or(param.fill.value_or(black)));
  } else {
    svg << " fill=\"none\"";
  }
  if (flag(node, "Stroke", false)) {
    svg << paint_attrs(
               "stroke",
               parse_color(child(node, "StrokeColor")).value_or(param.stroke.value_or(black)))
        << " stroke-width=\"" << num(layout.size / 40) << "\"";
  }
  if (const int weight = node.attribute("Weight").as_int(400); weight != 400 && weight > 0) {
    svg << " font-weight=\"" << weight << "\"";
  }
  if (flag(node, "Italic", false)) svg << " font-style=\"italic\"";
  svg << alpha_attr(node) << ">\n";
  const Ctm& m = layout.ctm;
  const bool turned = !(m.a == 1 && m.b == 0 && m.c == 0 && m.d == 1);
  for (const Glyph& g : layout.glyphs) {
    if (g.code == U' ' || g.code == U'\t') continue;
    svg << "<text x=\"" << format_number(g.x) << "\" y=\"" << format_number(g.y) << "\"";
    if (turned) {
      const double x = std::stod(format_number(g.x));
      const double y = std::stod(format_number(g.y));
      svg << " transform=\""
          << matrix(Ctm{m.a, m.b, m.c, m.d, x - (m.a * x + m.c * y), y - (m.b * x + m.d * y)})
          << "\"";
    }
    svg << ">" << escape_markup(utf8(g.code)) << "</text>\n";
  }
  svg << "</g>\n";
}

void draw_block_at(const Package& package, const pugi::xml_node& block, const Resources& res,
                   const std::string& draw_param, int depth, SvgIds& ids, std::ostringstream& svg) {
  if (depth > kMaxBlockDepth) return;
  for (pugi::xml_node node = block.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    const std::string_view name = local_name(node);
    const bool drawable = name == "PathObject" || name == "ImageObject" || name == "TextObject";
    if (!drawable && name != "PageBlock") continue;  // CompositeObject and others: not drawn
    if (!flag(node, "Visible", true)) continue;
    if (name == "PageBlock") {
      draw_block_at(package, node, res, draw_param, depth + 1, ids, svg);
      continue;
    }
    std::string param_id = trim(node.attribute("DrawParam").value());
    if (param_id.empty()) param_id = draw_param;
    const DrawParam param = effective_param(res, param_id);
    const int clips = open_clips(node, ids, svg);
    if (name == "PathObject") {
      draw_path(node, param, svg);
    } else if (name == "ImageObject") {
      draw_image(package, node, res, svg);
    } else {
      draw_text(node, res, param, svg);
    }
    for (int i = 0; i < clips; ++i) svg << "</g>\n";
  }
}

int layer_rank(const pugi::xml_node& layer) {
  const std::string type = trim(layer.attribute("Type").value());
  if (type == "Background") return 0;
  if (type == "Foreground") return 2;
  return 1;  // Body (the default) and Custom
}

}  // namespace

void draw_content(const Package& package, const pugi::xml_node& content_root, const Resources& res,
                  SvgIds& ids, std::ostringstream& svg) {
  std::vector<pugi::xml_node> layers = children(child(content_root, "Content"), "Layer");
  std::stable_sort(layers.begin(), layers.end(),
                   [](const auto& x, const auto& y) { return layer_rank(x) < layer_rank(y); });
  for (const pugi::xml_node& layer : layers) {
    draw_block_at(package, layer, res, trim(layer.attribute("DrawParam").value()), 0, ids, svg);
  }
}

void draw_block(const Package& package, const pugi::xml_node& block, const Resources& res,
                const std::string& draw_param, SvgIds& ids, std::ostringstream& svg) {
  draw_block_at(package, block, res, draw_param, 0, ids, svg);
}

}  // namespace gmseal::ofd::internal
