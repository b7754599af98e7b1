// A two-colour raster at 600 DPI: every pixel is ink (1) or background (0). Shapes are filled
// by testing each pixel's centre, so edges are hard (no anti-aliasing, as the spec's two
// colours require).
#pragma once

#include <cstdint>
#include <vector>

namespace gmseal::sealimage {

inline constexpr double kDpi = 600;
inline constexpr double kPixelsPerMm = kDpi / 25.4;

inline double mm_to_px(double mm) { return mm * kPixelsPerMm; }

class Bitmap {
 public:
  Bitmap(int width, int height);

  int width() const { return m_width; }
  int height() const { return m_height; }
  bool ink(int x, int y) const { return m_pixels[index(x, y)] != 0; }
  // Out-of-range coordinates are ignored, so shapes may be clipped by the edges.
  void set_ink(int x, int y);
  // One byte per pixel (1 = ink), row by row.
  const std::vector<std::uint8_t>& pixels() const { return m_pixels; }

  // The ring between the ellipse with semi-axes (a, b) and the one with (a - t, b - t), centred
  // at (cx, cy); all in pixels, with y down.
  void ellipse_ring(double cx, double cy, double a, double b, double t);
  // The frame of thickness t just inside the rectangle [x0, x1) x [y0, y1).
  void rect_frame(double x0, double y0, double x1, double y1, double t);
  // A filled regular five-pointed star of outer radius r, one point up.
  void star(double cx, double cy, double r);

  // The ink grown by `radius` pixels in each direction (a square neighbourhood).
  Bitmap dilated(int radius) const;
  // Whether any pixel is ink in both bitmaps (of the same size).
  bool overlaps(const Bitmap& other) const;
  // Adds the ink of `other` (of the same size).
  void merge(const Bitmap& other);

 private:
  std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width) +
           static_cast<std::size_t>(x);
  }
  int m_width;
  int m_height;
  std::vector<std::uint8_t> m_pixels;
};

}  // namespace gmseal::sealimage
