// Reading drawn seal images back for measurement: decode the PNG (libpng), list its chunks,
// and find ink.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/bytes.h"

namespace gmseal::sealimage::test {

struct Raster {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> ink;  // 1 where the pixel is opaque
  bool at(int x, int y) const { return ink[static_cast<std::size_t>(y) * width + x] != 0; }
};

// Decodes to RGBA and marks opaque pixels as ink; aborts the test on failure.
Raster decode(const Bytes& png);

// Chunk type -> data of the first chunk of that type.
std::map<std::string, Bytes> chunks(const Bytes& png);

// A PGM (P5) file as written by pdftoppm -gray; ink = darker than `threshold`.
Raster read_pgm(const std::string& path, int threshold);

// Bounding box of the 4-connected ink region containing (x, y).
struct Box {
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
  double cx() const { return (x0 + x1 + 1) / 2.0; }
  double cy() const { return (y0 + y1 + 1) / 2.0; }
};
Box region_box(const Raster& r, int x, int y);

}  // namespace gmseal::sealimage::test
