// A one-page A4 PDF showing a seal image at its true size with a 10 mm scale bar (millimetre
// ticks), to print at 100 % and hold against a ruler. The seal is an image mask painted in
// seal red, so it stays two-coloured and sharp at any printer resolution.
#pragma once

#include <string>

#include "sealimage/bitmap.h"
#include "util/bytes.h"

namespace gmseal::sealimage {

inline constexpr double kPointsPerMm = 72.0 / 25.4;
inline constexpr double kA4WidthPt = 595.276;
inline constexpr double kA4HeightPt = 841.89;

// Where the sheet puts things, in PDF points from the page's lower-left corner.
struct PrintSheetGeometry {
  double seal_x = 0, seal_y = 0, seal_width = 0, seal_height = 0;
  double bar_x = 0, bar_y = 0, bar_length = 0;
};
PrintSheetGeometry print_sheet_geometry(double width_mm, double height_mm);

// `caption` must be printable ASCII (it is set in Helvetica); other bytes become '?'.
Bytes make_print_sheet(const Bitmap& seal, double width_mm, double height_mm,
                       const std::string& caption);

}  // namespace gmseal::sealimage
