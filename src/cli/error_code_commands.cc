// gmseal error-codes [--output FILE] (hidden): prints docs/error-codes.md from the registry in
// util/error_codes.h. The CMake target `error-codes-doc` runs it; tests/util/error_codes_test.cc
// fails when the checked-in document differs.
#include <iostream>

#include "cli/command.h"
#include "util/error_codes.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

void add_error_code_commands(CLI::App& app, CommandContext& context) {
  auto output = std::make_shared<std::string>();
  CLI::App* command =
      app.add_subcommand("error-codes", "print the error code registry as Markdown");
  command->group("");  // hidden: a maintainer's tool
  command->add_option("--output", *output, "write to FILE instead of standard output");
  on_run(command, context, [output] {
    const std::string text = error_codes_markdown();
    if (output->empty()) {
      std::cout << text;
      return static_cast<int>(kExitOk);
    }
    if (auto written = write_file_atomic(*output, std::string_view(text)); !written.ok()) {
      return report_error(written.error());
    }
    return static_cast<int>(kExitOk);
  });
}

const CommandRegistrar kRegistrar(95, add_error_code_commands);

}  // namespace

}  // namespace gmseal::cli
