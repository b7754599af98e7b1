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

// One registration function per command family (one file each).
void add_key_commands(CLI::App& app, CommandContext& context);
void add_ca_commands(CLI::App& app, CommandContext& context);
void add_cert_commands(CLI::App& app, CommandContext& context);
void add_digest_commands(CLI::App& app, CommandContext& context);
void add_sm2_commands(CLI::App& app, CommandContext& context);
void add_demo_command(CLI::App& app, CommandContext& context);

}  // namespace gmseal::cli
