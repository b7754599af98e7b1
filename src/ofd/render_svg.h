// OFD pages as SVG (GB/T 33190-2016 §9-§13 page content), for a page preview on which a seal can
// be placed: the SVG user unit is the page millimetre (viewBox = the page box, y downwards), so
// a point of the picture is a point of the page in the units StampAnnot@Boundary uses.
//
// Drawn: PathObjects (AbbreviatedData M/S L Q B A C, stroke and fill colours, line width),
// ImageObjects (PNG/JPEG/GIF/BMP media, embedded as data URIs, unit square mapped by the CTM),
// text (one <text> per glyph at the position ofd/page_text.h computes from X/Y and
// DeltaX/DeltaY, in the font family the Font resource names, the fill colour), and the stamp
// annotations of the document's signatures on that page (the seal picture when it is a raster
// image, and always an outline rectangle with data-signature="ID"). Not drawn: templates,
// clipping areas, shadings and patterns, CompositeObjects. Text is drawn above paths and images.
#pragma once

#include <cstddef>
#include <string>

#include "ofd/document.h"
#include "ofd/package.h"

namespace gmseal::ofd {

// The SVG text of page `page_index` (0-based). Errors: ofd.render.no_page (index out of range),
// ofd.xml.* for an unreadable page file.
Result<std::string> render_page_svg(const Package& package, const DocumentInfo& document,
                                    std::size_t page_index);

}  // namespace gmseal::ofd
