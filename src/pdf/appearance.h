// Appearance objects of a visible seal: the image XObject (with its /SMask alpha) stored once,
// and form XObjects that draw it, whole or as a vertical slice (cross-page seals: the form's
// /BBox clips the image, which is drawn shifted left by the slice's offset).
#pragma once

#include "pdf/incremental_writer.h"
#include "pdf/seal_image.h"

namespace gmseal::pdf {

// Adds the image XObject (and its SMask) to `update`; returns the image's object number.
int add_image_xobject(IncrementalUpdate& update, const PdfImage& image);

// Adds a form XObject with /BBox [0 0 width height] showing the image scaled to `image_width` x
// `height` and shifted left by `offset_x` (0 for a whole seal), with the /Matrix that undoes
// page rotation `rotate`. Returns its object number.
int add_seal_form(IncrementalUpdate& update, int image_object, double width, double height,
                  double image_width, double offset_x, int rotate);

}  // namespace gmseal::pdf
