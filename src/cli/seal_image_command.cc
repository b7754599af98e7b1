// gmseal seal image --style round|oval|square|rect --name TEXT [--purpose TEXT] [--code TEXT]
//                   [--size MM | --width MM --height MM] [--category 01..05] [--font PATH]
//                   [--digit-font PATH] [--border MM] [--star MM] [--name-height MM]
//                   [--name-gap MM] [--name-span DEG] [--purpose-height MM] [--code-height MM]
//                   --out seal.png [--pdf [SHEET.pdf]]
// Draws a seal image (印模) to the specification's PNG rules; --pdf also writes an A4 sheet with
// the seal at true size and a 10 mm scale bar. Exit codes: 0 written, 2 usage or input error
// (a name too long to set legibly among them).
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "sealimage/print_sheet.h"
#include "sealimage/seal_image.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

struct SealImageOptions {
  std::string style, name, purpose, code, category, font, digit_font, out, pdf;
  std::optional<double> size, width, height, border, star, name_height, name_gap, name_span,
      purpose_height, code_height;
};

Result<sealimage::SealLayout> build_layout(const SealImageOptions& o) {
  using sealimage::SealStyle;
  sealimage::SealLayout layout;
  std::optional<SealStyle> style;
  if (!o.style.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(style, sealimage::parse_seal_style(o.style));
  }
  if (!o.category.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(layout, sealimage::layout_for_category(o.category));
    if (style && *style != layout.style) {
      // Another shape for the category: the shape's own layout, the category's purpose text.
      const std::string purpose = layout.default_purpose;
      layout = sealimage::layout_for_style(*style);
      layout.category = o.category;
      layout.default_purpose = *style == SealStyle::kSquare ? "" : purpose;
    }
  } else {
    layout = sealimage::layout_for_style(style.value_or(SealStyle::kRound));
  }
  if (o.size && (o.width || o.height)) {
    return make_error("cli.usage", "give --size or --width and --height, not both", "--size");
  }
  if (o.size) {
    if (layout.style == SealStyle::kOval || layout.style == SealStyle::kRect) {
      return make_error("cli.usage",
                        "an oval or rectangular seal needs --width and --height, not --size",
                        "--size");
    }
    GMSEAL_RETURN_IF_ERROR(sealimage::resize_layout(layout, *o.size, *o.size));
  } else if (o.width || o.height) {
    if (!o.width || !o.height) {
      return make_error("cli.usage", "--width and --height go together", "--width");
    }
    GMSEAL_RETURN_IF_ERROR(sealimage::resize_layout(layout, *o.width, *o.height));
  }
  GMSEAL_RETURN_IF_ERROR(sealimage::apply_overrides(
      layout,
      {o.border, o.star, o.name_height, o.name_gap, o.name_span, o.purpose_height, o.code_height}));
  return layout;
}

int run_seal_image(const SealImageOptions& o) {
  auto layout = build_layout(o);
  if (!layout.ok()) return report_error(layout.error());
  sealimage::SealImageRequest request;
  request.layout = *layout;
  request.name = o.name;
  request.purpose = o.purpose;
  request.code = o.code;
  request.song_font = o.font;
  request.digit_font = o.digit_font;
  auto drawn = sealimage::draw_seal(request);
  if (!drawn.ok()) return report_error(drawn.error());
  auto png = sealimage::encode_seal_png(drawn->bitmap);
  if (!png.ok()) return report_error(png.error());
  if (auto s = write_file_atomic(o.out, *png); !s.ok()) return report_error(s.error());
  std::ostringstream summary;
  summary.precision(3);
  summary << "seal image written to " << o.out << ": " << drawn->bitmap.width() << "x"
          << drawn->bitmap.height() << " px at 600 DPI (" << layout->width_mm << "x"
          << layout->height_mm << " mm " << sealimage::to_string(layout->style) << "), "
          << png->size() << " bytes; name " << drawn->name_fit.height_px / sealimage::kPixelsPerMm
          << " mm high at " << std::lround(drawn->name_fit.width_scale * 100) << "% width\n";
  std::cout << summary.str();
  if (!o.pdf.empty()) {
    std::ostringstream caption;
    caption << "gmseal seal image, " << layout->width_mm << " x " << layout->height_mm << " mm "
            << sealimage::to_string(layout->style)
            << (layout->category.empty() ? "" : ", category " + layout->category);
    const Bytes sheet = sealimage::make_print_sheet(drawn->bitmap, layout->width_mm,
                                                    layout->height_mm, caption.str());
    if (auto s = write_file_atomic(o.pdf, sheet); !s.ok()) return report_error(s.error());
    std::cout << "1:1 print sheet written to " << o.pdf << " (print at 100 %)\n";
  }
  return kExitOk;
}

void add_seal_image_command(CLI::App& app, CommandContext& context) {
  // `seal` belongs to the SES commands; image joins it.
  CLI::App* seal = nullptr;
  try {
    seal = app.get_subcommand("seal");
  } catch (const CLI::Error&) {
    seal = app.add_subcommand("seal", "electronic seals (GB/T 38540)");
    seal->require_subcommand(1);
  }
  auto o = std::make_shared<SealImageOptions>();
  CLI::App* image = seal->add_subcommand(
      "image", "draw a seal image (印模): PNG, 2 colours, 600 DPI, at most 25 KB");
  image->add_option("--style", o->style, "round, oval, square or rect (default: the category's)");
  image->add_option("--name", o->name, "the unit's or person's name")->required();
  image->add_option("--purpose", o->purpose,
                    "text below the centre, e.g. 合同专用章 (default: the category's)");
  image->add_option("--code", o->code,
                    "round: the code along the lower arc; oval: the 18-digit taxpayer ID");
  auto* size = image->add_option("--size", o->size, "diameter or side, mm (30, 38, 40, 42, 45)");
  auto* width = image->add_option("--width", o->width, "width, mm");
  auto* height = image->add_option("--height", o->height, "height, mm");
  size->excludes(width)->excludes(height);
  image->add_option("--category", o->category,
                    "01 法定名称章, 02 财务专用章, 03 发票专用章, 04 合同专用章, 05 名章");
  image->add_option("--font", o->font,
                    "Song (宋体) font file (default: AR PL SungtiL GB, then "
                    "Noto Serif CJK SC)");
  image->add_option("--digit-font", o->digit_font,
                    "font for digits and Latin letters (default: Liberation Sans)");
  image->add_option("--border", o->border, "border width, mm");
  image->add_option("--star", o->star, "star diameter, mm (0 = none)");
  image->add_option("--name-height", o->name_height, "name glyph height, mm");
  image->add_option("--name-gap", o->name_gap, "gap between the border and the name, mm");
  image->add_option("--name-span", o->name_span, "widest arc the name may cover, degrees");
  image->add_option("--purpose-height", o->purpose_height, "purpose glyph height, mm");
  image->add_option("--code-height", o->code_height, "code glyph height, mm");
  image->add_option("--out", o->out, "the PNG to write")->required();
  auto* pdf = image->add_option("--pdf", o->pdf,
                                "also write an A4 PDF with the seal at 1:1 and a 10 mm scale bar "
                                "(default name: the PNG's with .pdf)");
  pdf->expected(0, 1);
  on_run(image, context, [o, pdf] {
    if (pdf->count() > 0 && o->pdf.empty()) {
      o->pdf = std::filesystem::path(o->out).replace_extension(".pdf").string();
    }
    return run_seal_image(*o);
  });
}

// After the SES commands, which own `seal`.
const CommandRegistrar kRegistrar(96, add_seal_image_command);

}  // namespace

}  // namespace gmseal::cli
