// Where a seal goes on the pages: the StampAnnot boxes for a position, a keyword or a riding
// (cross-page, 骑缝章) seal. Millimetres in page space, y downwards (GB/T 33190-2016 §5.1).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ofd/document.h"
#include "ofd/package.h"

namespace gmseal::ofd {

struct PlacedStamp {
  std::size_t page_index = 0;
  Box boundary;
  std::optional<Box> clip;  // relative to the boundary
};

struct SealSize {
  double width = 40;  // mm
  double height = 40;
};

// The seal centred at (x, y) on page `page_number` (1-based). Errors: ofd.place.bad_page.
Result<std::vector<PlacedStamp>> place_at(const DocumentInfo& document, std::size_t page_number,
                                          double x, double y, SealSize size);

// The seal centred on occurrence `occurrence` (1-based) of `keyword`, or on every occurrence
// when `occurrence` is 0. Errors: ofd.place.keyword_not_found, ofd.place.bad_occurrence.
Result<std::vector<PlacedStamp>> place_at_keyword(const Package& package,
                                                  const DocumentInfo& document,
                                                  const std::string& keyword,
                                                  std::size_t occurrence, SealSize size);

enum class RidingSide { kRight, kLeft };

// One slice of the seal per page along the `side` edge: with n pages each page shows a strip
// width/n wide, page i the i-th strip from the left, so that the pages fanned out side by side
// show the whole seal (ofdrw's layout: Boundary="202 40 40 40" Clip="0 0 8 40" on page 1 of 5).
// `y` is the seal centre (page middle when absent). Errors: ofd.place.no_pages.
Result<std::vector<PlacedStamp>> place_riding(const Package& package, const DocumentInfo& document,
                                              RidingSide side, std::optional<double> y,
                                              SealSize size);

}  // namespace gmseal::ofd
