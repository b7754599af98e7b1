// gmseal dgst --sm3 FILE... [--base64]
#include <iostream>

#include "cli/command.h"
#include "crypto/sm3.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

void add_digest_commands(CLI::App& app, CommandContext& context) {
  struct Options {
    std::vector<std::string> files;
    bool sm3 = false;
    bool base64 = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* dgst = app.add_subcommand("dgst", "message digests (SM3)");
  dgst->add_flag("--sm3", options->sm3, "SM3 (GB/T 32905), the default and only digest");
  dgst->add_flag("--base64", options->base64, "print base64 instead of hex");
  dgst->add_option("files", options->files, "files to hash ('-' for standard input)")->required();
  on_run(dgst, context, [options] {
    for (const std::string& file : options->files) {
      crypto::Sm3 h;
      if (file == "-") {
        char buffer[1 << 16];
        while (std::cin.read(buffer, sizeof(buffer)) || std::cin.gcount() > 0) {
          h.update(ByteView(reinterpret_cast<const std::uint8_t*>(buffer),
                            static_cast<std::size_t>(std::cin.gcount())));
        }
      } else {
        auto data = read_file(file);
        if (!data.ok()) return report_error(data.error());
        h.update(*data);
      }
      const crypto::Sm3Digest digest = h.final();
      std::cout << "SM3(" << file
                << ")= " << (options->base64 ? base64_encode(digest) : hex_encode(digest)) << "\n";
    }
    return static_cast<int>(kExitOk);
  });
}

const CommandRegistrar kRegistrar(40, add_digest_commands);

}  // namespace

}  // namespace gmseal::cli
