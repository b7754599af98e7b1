// gmseal: one program, subcommands in the style of openssl / git.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/command.h"
#include "net/service_log.h"

int main(int argc, char** argv) {
  using namespace gmseal::cli;
  CLI::App app{"gmseal: Chinese electronic seals (GB/T 38540) and signatures, SM2/SM3/SM4"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gmseal 0.1.0");
  // One-shot commands log errors only, to stderr (their results are their own output); the
  // services set their log up again from --log-file and --log-level.
  if (auto log = gmseal::net::configure_service_log("gmseal", "", "error"); !log.ok()) {
    std::cerr << "gmseal: " << log.error().to_string() << "\n";
  }
  CommandContext context;
  add_registered_commands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return context.exit_code;
}
