// Shared plumbing for the gmseal subcommands: exit codes, error printing, registration.
//
// Exit codes everywhere: 0 success / valid, 1 invalid (a verification failed), 2 usage or input
// error (with a message on stderr saying what and why).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "util/error.h"

namespace gmseal::cli {

enum ExitCode : int { kExitOk = 0, kExitInvalid = 1, kExitUsage = 2 };

// Holds the exit code chosen by whichever subcommand ran.
struct CommandContext {
  int exit_code = kExitOk;
};

// Prints `error` to stderr as "gmseal: <message> (<code>)" and returns kExitUsage.
int report_error(const Error& error);

// Wraps a subcommand body so that its return value becomes the process exit code.
void on_run(CLI::App* command, CommandContext& context, std::function<int()> body);

// Command families register themselves from their own file, so adding one touches no other
// file:   static const CommandRegistrar kRegistrar(30, add_key_commands);
// `order` sorts the families in --help.
using CommandAdder = void (*)(CLI::App& app, CommandContext& context);
struct CommandRegistrar {
  CommandRegistrar(int order, CommandAdder adder);
};
// Calls every registered adder in order.
void add_registered_commands(CLI::App& app, CommandContext& context);

}  // namespace gmseal::cli
