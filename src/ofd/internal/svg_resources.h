// Internal to src/ofd: what ofd/render_svg needs from resource files (GB/T 33190-2016 §7.9
// PublicRes / DocumentRes / PageRes): font family names, image files and drawing parameters,
// and OFD colours as SVG paint.
//
//   <Res BaseLoc="Res"><DrawParams><DrawParam ID="4" LineWidth="0.25"><FillColor .../>...
//        <Fonts><Font ID="85" FontName="宋体" FamilyName="宋体"/>...
//        <MultiMedias><MultiMedia ID="106" Type="Image"><MediaFile>qr.png</MediaFile>...
//
// Resource IDs are unique within a document (§7.5 MaxUnitID), so the files a page can see are
// merged into one table.
#pragma once

#include <pugixml.hpp>

#include <map>
#include <optional>
#include <string>

#include "ofd/package.h"

namespace gmseal::ofd::internal {

// An OFD colour (§8.3.2 CT_Color) as SVG paint.
struct Paint {
  std::string rgb;     // "rgb(r,g,b)"
  double opacity = 1;  // Alpha / 255
};
// `color` is a FillColor or StrokeColor element. Value holds 1 (grey), 3 (RGB) or 4 (CMYK)
// components, each decimal or "#hh" (dms360 writes "#ee #20 #25"). Empty when the element is
// absent or its value is unreadable (pattern and shading colours included).
std::optional<Paint> parse_color(const pugi::xml_node& color);

// CT_DrawParam (§8.2): the defaults a graphic unit takes for what it does not say itself.
// Empty / nullopt = not given here (look at Relative, then the built-in default).
struct DrawParam {
  std::string relative;    // ID of the DrawParam this one inherits from
  std::string line_width;  // mm, as written
  std::string dash_pattern;
  std::optional<Paint> fill;
  std::optional<Paint> stroke;
};

struct Resources {
  std::map<std::string, std::string> font_family;  // Font ID -> family (or font) name
  std::map<std::string, std::string> media;        // MultiMedia ID -> canonical file path
  std::map<std::string, DrawParam> draw_params;    // DrawParam ID -> parameters
};

// Reads one resource file into `res`. Unreadable files are skipped: a preview without a font
// name or an image is still a preview.
void read_resource_file(const Package& package, const std::string& res_path, Resources& res);

// Reads every `name` child of `parent` (PublicRes, DocumentRes or PageRes: locations relative
// to `base_dir`) into `res`.
void read_resource_list(const Package& package, const pugi::xml_node& parent,
                        const std::string& base_dir, std::string_view name, Resources& res);

}  // namespace gmseal::ofd::internal
