// Test fixtures for the PDF tests: a PDF generator (pages with text in a simple font or a CJK
// Type0 font with a ToUnicode CMap, optional /Rotate and CropBox), seal pictures written with
// libpng (PNG) or by hand (BMP, GIF), an SM2 identity, and helpers to run external tools.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "ses/seal.h"
#include "util/bytes.h"

namespace gmseal::pdf::testing {

struct PageSpec {
  std::string text = "Hello";  // shown at (72, 700) in Helvetica 24
  std::string cjk_text;        // UTF-8, shown at (72, 600) with a CJK Type0 font (ToUnicode)
  int rotate = 0;
  bool crop_box = false;          // CropBox [20 30 575 812] inside MediaBox [0 0 595 842]
  std::size_t padding_bytes = 0;  // an extra unused stream of this size (for big files)
};

// A classic-xref PDF with the given pages.
Bytes make_pdf(const std::vector<PageSpec>& pages);
// `count` pages with "Page N contract text".
Bytes make_simple_pdf(int count);

// Solid-colour PNG (RGBA); `hole_radius` > 0 makes a transparent disc in the middle.
Bytes make_png(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b,
               int hole_radius = 0);
Bytes make_bmp(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b);
// A GIF whose left half is colour 1 (r,g,b) and right half is transparent.
Bytes make_gif(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b);

struct RgbImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  const std::uint8_t* at(int x, int y) const {
    return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
  }
};
RgbImage read_png_file(const std::filesystem::path& path);

struct Identity {
  crypto::Sm2PrivateKey key;
  crypto::Certificate cert;
  crypto::Certificate root;
  crypto::Sm2PrivateKey root_key;
};
Identity make_identity();

// A GB/T 38540 v4 seal listing `signer`'s certificate, made by a maker issued from the same
// root, with `picture` (type "png", "gif", ...) of 40 x 40 mm.
ses::Seal make_seal_for(const Identity& signer, const Bytes& picture, const std::string& type);

// Runs a shell command; returns its exit status and fills `output` with stdout+stderr.
int run(const std::string& command, std::string* output = nullptr);
bool tool_available(const std::string& name);

std::filesystem::path temp_dir(const std::string& name);

}  // namespace gmseal::pdf::testing
