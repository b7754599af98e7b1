// Decodes any input as a seal picture (pdf/seal_image.h), sniffed and under each declared type:
// seal pictures come from untrusted .esl files. Every failure must be a gmseal::Error.
#include <cstddef>
#include <cstdint>

#include "pdf/seal_image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const gmseal::ByteView input(data, size);
  for (const char* type : {"", "png", "jpg", "bmp", "gif"}) {
    auto image = gmseal::pdf::decode_seal_image(input, type);
    if (image.ok() && image->filter.empty() &&
        image->samples.size() != static_cast<std::size_t>(image->width) * image->height * 3) {
      __builtin_trap();  // raw samples must fill the picture exactly
    }
  }
  return 0;
}
