// gmseal ofd render FILE.ofd --page N --out PAGE.svg: one OFD page as SVG in page millimetres
// (ofd/render_svg.h), for previews and for checking where a seal will land.
#include <iostream>

#include "cli/command.h"
#include "ofd/render_svg.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

int run_ofd_render(const std::string& in, int page, const std::string& out) {
  auto package = ofd::Package::open_file(in);
  if (!package.ok()) return report_error(package.error());
  auto document = ofd::read_document(*package);
  if (!document.ok()) return report_error(document.error());
  if (page < 1) {
    return report_error(make_error("cli.usage", "--page counts from 1", "page"));
  }
  auto svg = ofd::render_page_svg(*package, *document, static_cast<std::size_t>(page - 1));
  if (!svg.ok()) return report_error(svg.error());
  if (auto w = write_file_atomic(out, std::string_view(*svg)); !w.ok())
    return report_error(w.error());
  std::cout << out << ": page " << page << " of " << document->pages.size() << "\n";
  return kExitOk;
}

void add_ofd_render_command(CLI::App& app, CommandContext& context) {
  // `ofd` may be shared with other OFD tools registered later; render joins it.
  CLI::App* ofd = nullptr;
  try {
    ofd = app.get_subcommand("ofd");
  } catch (const CLI::Error&) {
    ofd = app.add_subcommand("ofd", "OFD documents (GB/T 33190)");
    ofd->require_subcommand(1);
  }
  auto in = std::make_shared<std::string>();
  auto page = std::make_shared<int>(1);
  auto out = std::make_shared<std::string>();
  CLI::App* render = ofd->add_subcommand("render", "draw one page of an OFD as SVG (page mm)");
  render->add_option("file", *in, "the OFD")->required();
  render->add_option("--page", *page, "page number (from 1; default 1)");
  render->add_option("--out", *out, "the SVG file to write")->required();
  on_run(render, context, [in, page, out] { return run_ofd_render(*in, *page, *out); });
}

const CommandRegistrar kRegistrar(96, add_ofd_render_command);

}  // namespace

}  // namespace gmseal::cli
