#include "pdf/appearance.h"

#include <zlib.h>

#include "pdf/placement.h"

namespace gmseal::pdf {

namespace {

Bytes deflate(ByteView data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  Bytes out(size);
  compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), 6);
  out.resize(size);
  return out;
}

}  // namespace

int add_image_xobject(IncrementalUpdate& update, const PdfImage& image) {
  const std::string size =
      " /Width " + std::to_string(image.width) + " /Height " + std::to_string(image.height);
  int smask = 0;
  if (!image.alpha.empty()) {
    smask = update.allocate();
    update.add_stream(smask,
                      "/Type /XObject /Subtype /Image" + size +
                          " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                      deflate(image.alpha));
  }
  const int number = update.allocate();
  std::string dict = "/Type /XObject /Subtype /Image" + size + " /ColorSpace " + image.color_space +
                     " /BitsPerComponent 8";
  if (smask != 0) dict += " /SMask " + std::to_string(smask) + " 0 R";
  if (image.filter.empty()) {
    update.add_stream(number, dict + " /Filter /FlateDecode", deflate(image.samples));
  } else {
    update.add_stream(number, dict + " /Filter " + image.filter, image.samples);
  }
  return number;
}

int add_seal_form(IncrementalUpdate& update, int image_object, double width, double height,
                  double image_width, double offset_x, int rotate) {
  const std::string content = "q " + pdf_number(image_width) + " 0 0 " + pdf_number(height) + " " +
                              pdf_number(-offset_x) + " 0 cm /Seal Do Q";
  const int number = update.allocate();
  update.add_stream(number,
                    "/Type /XObject /Subtype /Form /BBox [0 0 " + pdf_number(width) + " " +
                        pdf_number(height) + "] /Matrix [" + rotation_matrix(rotate) +
                        "] /Resources <</XObject <</Seal " + std::to_string(image_object) +
                        " 0 R>>>>",
                    to_bytes(content));
  return number;
}

}  // namespace gmseal::pdf
