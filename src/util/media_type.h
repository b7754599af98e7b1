// The media type of a picture, told from its first bytes: seal pictures come from files whose
// declared type (SES_ESPictrueInfo.type, an OFD resource's Format) is often wrong or empty.
#pragma once

#include <string>

#include "util/bytes.h"

namespace gmseal {

// "image/png", "image/jpeg", "image/gif" or "image/bmp"; empty for anything else (an OFD vector
// seal, SVG, unknown bytes), which a browser could not show as an <img>.
std::string image_media_type(ByteView data);

// The picture as a "data:<media type>;base64,..." URI for an <img> or SVG <image>; empty when
// image_media_type() does not know it.
std::string image_data_uri(ByteView data);

}  // namespace gmseal
