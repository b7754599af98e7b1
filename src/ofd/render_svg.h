// OFD pages as SVG (GB/T 33190-2016 §9-§13 page content), for a page preview on which a seal can
// be placed: the SVG user unit is the page millimetre (viewBox = the page box, y downwards), so
// a point of the picture is a point of the page in the units StampAnnot@Boundary uses.
//
// Drawn, bottom to top: the page's Background templates (CommonData/TemplatePage, where
// e-invoices keep their frame, title and labels), the page's own content, its Foreground
// templates, then the stamp annotations of the document's signatures on that page (the seal
// picture: a raster image, or the first page of an OFD picture drawn the same way without a
// sheet; and always an outline rectangle with data-signature="ID"). Each template is a <g
// class="template" data-template="ID" data-zorder="Background|Foreground">, the page content a <g
// class="page-content">. Which graphic units are drawn, and how: ofd/internal/svg_content.h. Not
// drawn: page annotations (Annotations.xml), CompositeObjects, shadings and patterns.
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
