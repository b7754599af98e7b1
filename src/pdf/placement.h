// Where a seal goes on a page: from "as the reader sees the page" to PDF user space.
//
// Positions given by the user are millimetres from the TOP-LEFT corner of the page as displayed
// (after /Rotate, within the CropBox, else the MediaBox) to the CENTRE of the seal; the seal is
// drawn upright on the displayed page. A 90/270 rotation swaps the rectangle's sides in user
// space and the appearance XObject gets a /Matrix that turns it back.
#pragma once

#include <string>

#include "pdf/document.h"

namespace gmseal::pdf {

inline constexpr double kPointsPerMm = 72.0 / 25.4;

struct UserRect {
  double llx = 0, lly = 0, urx = 0, ury = 0;
};

// A seal rectangle on one page: where it sits in user space and how its appearance turns.
struct SealBox {
  UserRect rect;      // the annotation /Rect
  double width = 0;   // appearance BBox width (as displayed), points
  double height = 0;  // appearance BBox height, points
  int rotate = 0;     // the page's /Rotate: the appearance /Matrix counter-rotates by this
};

// Centre (cx, cy) in displayed points from the top-left -> user space point.
void displayed_to_user(const PageGeometry& g, double cx, double cy, double& ux, double& uy);
// User space point -> displayed points from the top-left (the inverse of displayed_to_user).
void user_to_displayed(const PageGeometry& g, double ux, double uy, double& cx, double& cy);
// A user-space rectangle as displayed: its top-left corner and size, points.
struct DisplayedRect {
  double x = 0, y = 0, width = 0, height = 0;
};
DisplayedRect displayed_rect(const PageGeometry& g, const UserRect& rect);
// The seal box centred on displayed point (cx, cy), `width` x `height` displayed points.
SealBox box_at_displayed(const PageGeometry& g, double cx, double cy, double width, double height);
// The seal box centred on user-space point (ux, uy).
SealBox box_at_user(const PageGeometry& g, double ux, double uy, double width, double height);
// Displayed page size in points.
double displayed_width(const PageGeometry& g);
double displayed_height(const PageGeometry& g);
// "a b c d e f" for the appearance /Matrix that undoes the page rotation.
std::string rotation_matrix(int rotate);
// A number as PDF writes it: fixed, at most 4 decimals, no trailing zeros.
std::string pdf_number(double value);

}  // namespace gmseal::pdf
