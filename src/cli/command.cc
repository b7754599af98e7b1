#include "cli/command.h"

#include <algorithm>
#include <iostream>
#include <utility>
#include <vector>

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

namespace {
std::vector<std::pair<int, CommandAdder>>& registry() {
  static std::vector<std::pair<int, CommandAdder>> adders;
  return adders;
}
}  // namespace

CommandRegistrar::CommandRegistrar(int order, CommandAdder adder) {
  registry().emplace_back(order, adder);
}

void add_registered_commands(CLI::App& app, CommandContext& context) {
  auto adders = registry();
  std::stable_sort(adders.begin(), adders.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, adder] : adders) adder(app, context);
}

}  // namespace gmseal::cli
