// Seal pictures (PNG with transparency, JPEG, BMP, GIF) turned into PDF image XObject data.
//
// PNG, BMP and GIF are decoded to 8-bit RGB samples plus an 8-bit alpha plane (kept only when
// some pixel is not opaque; it becomes the image's /SMask). JPEG is passed through untouched
// under /DCTDecode; only its SOF marker is read for the size and number of components.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::pdf {

struct PdfImage {
  int width = 0;
  int height = 0;
  std::string color_space = "/DeviceRGB";  // /DeviceRGB, /DeviceGray or /DeviceCMYK
  std::string filter;                      // "/DCTDecode" for JPEG, empty for raw samples
  Bytes samples;                           // 8 bits per component, rows top to bottom
  Bytes alpha;                             // width*height bytes, empty when fully opaque
  // The density the picture states, in dots per inch: PNG pHYs in pixels per metre, JPEG's
  // JFIF APP0 in dots per inch or per cm, BMP's biX/YPelsPerMeter. 0 when it states none (no
  // such field, an aspect-ratio-only pHYs, a zero, or GIF, which has no density).
  double dpi_x = 0;
  double dpi_y = 0;
};

// `type` is "png", "jpg"/"jpeg", "bmp", "gif", or empty to sniff the bytes. A vector OFD picture
// ("ofd") is refused. Errors: pdf.image.unsupported (type), pdf.image.malformed (what and why).
Result<PdfImage> decode_seal_image(ByteView data, std::string_view type = {});

}  // namespace gmseal::pdf
