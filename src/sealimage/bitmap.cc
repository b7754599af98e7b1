#include "sealimage/bitmap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace gmseal::sealimage {

Bitmap::Bitmap(int width, int height)
    : m_width(width),
      m_height(height),
      m_pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0) {}

void Bitmap::set_ink(int x, int y) {
  if (x < 0 || y < 0 || x >= m_width || y >= m_height) return;
  m_pixels[index(x, y)] = 1;
}

void Bitmap::ellipse_ring(double cx, double cy, double a, double b, double t) {
  const double ia = a - t;
  const double ib = b - t;
  const int y0 = std::max(0, static_cast<int>(std::floor(cy - b)));
  const int y1 = std::min(m_height - 1, static_cast<int>(std::ceil(cy + b)));
  const int x0 = std::max(0, static_cast<int>(std::floor(cx - a)));
  const int x1 = std::min(m_width - 1, static_cast<int>(std::ceil(cx + a)));
  for (int y = y0; y <= y1; ++y) {
    const double dy = y + 0.5 - cy;
    for (int x = x0; x <= x1; ++x) {
      const double dx = x + 0.5 - cx;
      const bool inside_outer = (dx * dx) / (a * a) + (dy * dy) / (b * b) <= 1.0;
      const bool inside_inner =
          ia > 0 && ib > 0 && (dx * dx) / (ia * ia) + (dy * dy) / (ib * ib) < 1.0;
      if (inside_outer && !inside_inner) set_ink(x, y);
    }
  }
}

void Bitmap::rect_frame(double x0, double y0, double x1, double y1, double t) {
  for (int y = std::max(0, static_cast<int>(y0)); y < std::min<double>(m_height, y1); ++y) {
    const double py = y + 0.5;
    for (int x = std::max(0, static_cast<int>(x0)); x < std::min<double>(m_width, x1); ++x) {
      const double px = x + 0.5;
      if (px < x0 + t || px > x1 - t || py < y0 + t || py > y1 - t) set_ink(x, y);
    }
  }
}

void Bitmap::star(double cx, double cy, double r) {
  // Ten vertices alternating between the outer radius and the inner one of a regular star
  // (r * sin 18 / sin 126 = 0.382 r), starting at the top point.
  const double inner = r * std::sin(std::numbers::pi / 10) / std::sin(7 * std::numbers::pi / 10);
  std::array<double, 10> vx{};
  std::array<double, 10> vy{};
  for (int i = 0; i < 10; ++i) {
    const double angle = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
    const double radius = i % 2 == 0 ? r : inner;
    vx[i] = cx + radius * std::cos(angle);
    vy[i] = cy + radius * std::sin(angle);
  }
  const int y0 = std::max(0, static_cast<int>(std::floor(cy - r)));
  const int y1 = std::min(m_height - 1, static_cast<int>(std::ceil(cy + r)));
  const int x0 = std::max(0, static_cast<int>(std::floor(cx - r)));
  const int x1 = std::min(m_width - 1, static_cast<int>(std::ceil(cx + r)));
  for (int y = y0; y <= y1; ++y) {
    const double py = y + 0.5;
    for (int x = x0; x <= x1; ++x) {
      const double px = x + 0.5;
      bool inside = false;  // even-odd crossing test of the simple (non-self-crossing) polygon
      for (int i = 0, j = 9; i < 10; j = i++) {
        if ((vy[i] > py) != (vy[j] > py) &&
            px < (vx[j] - vx[i]) * (py - vy[i]) / (vy[j] - vy[i]) + vx[i]) {
          inside = !inside;
        }
      }
      if (inside) set_ink(x, y);
    }
  }
}

Bitmap Bitmap::dilated(int radius) const {
  // Separable: a running window along rows, then along columns.
  Bitmap rows(m_width, m_height);
  for (int y = 0; y < m_height; ++y) {
    int last_ink = -1 - 2 * radius;
    for (int x = 0; x < m_width + radius; ++x) {
      if (x < m_width && ink(x, y)) last_ink = x;
      const int target = x - radius;
      if (target >= 0 && x - last_ink <= 2 * radius) rows.set_ink(target, y);
    }
  }
  Bitmap out(m_width, m_height);
  for (int x = 0; x < m_width; ++x) {
    int last_ink = -1 - 2 * radius;
    for (int y = 0; y < m_height + radius; ++y) {
      if (y < m_height && rows.ink(x, y)) last_ink = y;
      const int target = y - radius;
      if (target >= 0 && y - last_ink <= 2 * radius) out.set_ink(x, target);
    }
  }
  return out;
}

bool Bitmap::overlaps(const Bitmap& other) const {
  for (std::size_t i = 0; i < m_pixels.size() && i < other.m_pixels.size(); ++i) {
    if (m_pixels[i] != 0 && other.m_pixels[i] != 0) return true;
  }
  return false;
}

void Bitmap::merge(const Bitmap& other) {
  for (std::size_t i = 0; i < m_pixels.size() && i < other.m_pixels.size(); ++i) {
    m_pixels[i] |= other.m_pixels[i];
  }
}

}  // namespace gmseal::sealimage
