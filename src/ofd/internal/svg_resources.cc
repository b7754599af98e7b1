#include "ofd/internal/svg_resources.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "ofd/internal/xml.h"
#include "ofd/path.h"

namespace gmseal::ofd::internal {

namespace {

// One colour component: decimal ("156") or hexadecimal with '#' ("#ee"), clamped to 0..255.
std::optional<int> component(const std::string& token) {
  const bool hex = !token.empty() && token[0] == '#';
  const char* begin = token.c_str() + (hex ? 1 : 0);
  char* end = nullptr;
  const double value =
      hex ? static_cast<double>(std::strtol(begin, &end, 16)) : std::strtod(begin, &end);
  if (end == begin || *end != '\0') return std::nullopt;
  return std::clamp(static_cast<int>(value + 0.5), 0, 255);
}

}  // namespace

std::optional<Paint> parse_color(const pugi::xml_node& color) {
  if (!color) return std::nullopt;
  std::istringstream in{std::string(color.attribute("Value").value())};
  std::vector<int> parts;
  std::string token;
  while (in >> token) {
    const std::optional<int> value = component(token);
    if (!value) return std::nullopt;
    parts.push_back(*value);
  }
  int r = 0, g = 0, b = 0;
  if (parts.size() == 1) {
    r = g = b = parts[0];
  } else if (parts.size() == 3) {
    r = parts[0];
    g = parts[1];
    b = parts[2];
  } else if (parts.size() == 4) {  // CMYK, 0-255 each
    const int k = 255 - parts[3];
    r = (255 - parts[0]) * k / 255;
    g = (255 - parts[1]) * k / 255;
    b = (255 - parts[2]) * k / 255;
  } else {
    return std::nullopt;
  }
  Paint paint;
  paint.rgb = "rgb(" + std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ")";
  if (const pugi::xml_attribute alpha = color.attribute("Alpha")) {
    paint.opacity = std::clamp(alpha.as_double(255) / 255.0, 0.0, 1.0);
  }
  return paint;
}

void read_resource_file(const Package& package, const std::string& res_path, Resources& res) {
  auto bytes = package.read(res_path);
  if (!bytes.ok()) return;
  pugi::xml_document xml;
  if (!parse_xml(*bytes, xml, res_path).ok()) return;
  const pugi::xml_node root = xml.document_element();
  std::string base = parent_dir(res_path);
  if (const std::string loc = root.attribute("BaseLoc").value(); !loc.empty()) {
    if (auto resolved = resolve_loc(loc, base); resolved.ok()) base = *resolved;
  }
  for (const pugi::xml_node& params : children(root, "DrawParams")) {
    for (const pugi::xml_node& param : children(params, "DrawParam")) {
      DrawParam& out = res.draw_params[param.attribute("ID").value()];
      out.relative = param.attribute("Relative").value();
      out.line_width = param.attribute("LineWidth").value();
      out.dash_pattern = param.attribute("DashPattern").value();
      out.fill = parse_color(child(param, "FillColor"));
      out.stroke = parse_color(child(param, "StrokeColor"));
    }
  }
  for (const pugi::xml_node& fonts : children(root, "Fonts")) {
    for (const pugi::xml_node& font : children(fonts, "Font")) {
      std::string family = font.attribute("FamilyName").value();
      if (family.empty()) family = font.attribute("FontName").value();
      res.font_family[font.attribute("ID").value()] = family;
    }
  }
  for (const pugi::xml_node& medias : children(root, "MultiMedias")) {
    for (const pugi::xml_node& media : children(medias, "MultiMedia")) {
      const std::string file = child_text(media, "MediaFile");
      if (file.empty()) continue;
      if (auto resolved = resolve_loc(file, base); resolved.ok()) {
        res.media[media.attribute("ID").value()] = *resolved;
      }
    }
  }
}

void read_resource_list(const Package& package, const pugi::xml_node& parent,
                        const std::string& base_dir, std::string_view name, Resources& res) {
  for (const pugi::xml_node& loc : children(parent, name)) {
    if (auto path = resolve_loc(trim(loc.text().get()), base_dir); path.ok()) {
      read_resource_file(package, *path, res);
    }
  }
}

}  // namespace gmseal::ofd::internal
