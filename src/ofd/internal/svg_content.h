// Internal to src/ofd: the graphic units of one page or template content file as SVG
// (GB/T 33190-2016 §8-§11), for ofd/render_svg. The SVG user unit is the page millimetre.
//
// Drawn: PathObjects (AbbreviatedData, fill and stroke colours with Alpha, LineWidth,
// DashPattern, fill rule, values a DrawParam resource gives), ImageObjects (the unit square
// mapped by the CTM), TextObjects (one <text> per glyph at ofd/internal/text_layout's position,
// turned and scaled by the CTM, in the Font resource's family, Weight and Italic), PageBlocks,
// Alpha and Visible on every object, and Clips (each Clip an SVG clipPath in the object's
// Boundary space, Areas united, Clips intersected; a Text area does not clip). Not drawn:
// CompositeObjects, shadings and patterns, image masks, HScale, CGTransform glyph indices (the
// TextCode characters are drawn instead).
#pragma once

#include <pugixml.hpp>

#include <sstream>
#include <string>

#include "ofd/internal/svg_resources.h"
#include "ofd/package.h"

namespace gmseal::ofd::internal {

// Hands out ids unique within one SVG document (clip paths).
class SvgIds {
 public:
  std::string next(std::string_view prefix) { return std::string(prefix) + std::to_string(++n_); }

 private:
  int n_ = 0;
};

// Draws the Content of `content_root` (the root element of a page's or a template's content
// file) into `svg`: its Layers in drawing order (Type Background, then Body and Custom, then
// Foreground; document order within each), and each layer's objects in document order (later
// objects over earlier ones).
void draw_content(const Package& package, const pugi::xml_node& content_root, const Resources& res,
                  SvgIds& ids, std::ostringstream& svg);

// Draws the objects of one page block (a Layer, a PageBlock, an annotation's Appearance) whose
// coordinates are those of the SVG user space it is drawn in. `draw_param` is the DrawParam ID
// the block's objects inherit (empty for none).
void draw_block(const Package& package, const pugi::xml_node& block, const Resources& res,
                const std::string& draw_param, SvgIds& ids, std::ostringstream& svg);

}  // namespace gmseal::ofd::internal
