#include "pdf/placement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gmseal::pdf {

double displayed_width(const PageGeometry& g) {
  return g.rotate % 180 == 0 ? g.urx - g.llx : g.ury - g.lly;
}
double displayed_height(const PageGeometry& g) {
  return g.rotate % 180 == 0 ? g.ury - g.lly : g.urx - g.llx;
}

// Clockwise display rotation: at 90 the user-space bottom-left corner shows at the top-left, at
// 180 the top-right does... (each case below maps the displayed axes onto user-space ones).
void displayed_to_user(const PageGeometry& g, double cx, double cy, double& ux, double& uy) {
  switch (g.rotate) {
    case 90:
      ux = g.llx + cy;
      uy = g.lly + cx;
      break;
    case 180:
      ux = g.urx - cx;
      uy = g.lly + cy;
      break;
    case 270:
      ux = g.urx - cy;
      uy = g.ury - cx;
      break;
    default:
      ux = g.llx + cx;
      uy = g.ury - cy;
  }
}

void user_to_displayed(const PageGeometry& g, double ux, double uy, double& cx, double& cy) {
  switch (g.rotate) {
    case 90:
      cx = uy - g.lly;
      cy = ux - g.llx;
      break;
    case 180:
      cx = g.urx - ux;
      cy = uy - g.lly;
      break;
    case 270:
      cx = g.ury - uy;
      cy = g.urx - ux;
      break;
    default:
      cx = ux - g.llx;
      cy = g.ury - uy;
  }
}

DisplayedRect displayed_rect(const PageGeometry& g, const UserRect& rect) {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  user_to_displayed(g, rect.llx, rect.lly, x1, y1);
  user_to_displayed(g, rect.urx, rect.ury, x2, y2);
  return {std::min(x1, x2), std::min(y1, y2), std::fabs(x2 - x1), std::fabs(y2 - y1)};
}

SealBox box_at_user(const PageGeometry& g, double ux, double uy, double width, double height) {
  SealBox box;
  box.width = width;
  box.height = height;
  box.rotate = g.rotate;
  const bool swapped = g.rotate % 180 != 0;
  const double w = swapped ? height : width;
  const double h = swapped ? width : height;
  box.rect = {ux - w / 2, uy - h / 2, ux + w / 2, uy + h / 2};
  return box;
}

SealBox box_at_displayed(const PageGeometry& g, double cx, double cy, double width, double height) {
  double ux = 0, uy = 0;
  displayed_to_user(g, cx, cy, ux, uy);
  return box_at_user(g, ux, uy, width, height);
}

std::string rotation_matrix(int rotate) {
  switch (rotate) {
    case 90:
      return "0 1 -1 0 0 0";
    case 180:
      return "-1 0 0 -1 0 0";
    case 270:
      return "0 -1 1 0 0 0";
    default:
      return "1 0 0 1 0 0";
  }
}

std::string pdf_number(double value) {
  if (std::fabs(value) < 0.00005) return "0";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace gmseal::pdf
