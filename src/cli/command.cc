#include "cli/command.h"

#include <iostream>

namespace gmseal::cli {

int report_error(const Error& error) {
  std::cerr << "gmseal: " << error.message;
  if (!error.field.empty()) std::cerr << " [field " << error.field << "]";
  std::cerr << " (" << error.code << ")\n";
  return kExitUsage;
}

void on_run(CLI::App* command, CommandContext& context, std::function<int()> body) {
  command->callback([&context, body = std::move(body)] { context.exit_code = body(); });
}

}  // namespace gmseal::cli
