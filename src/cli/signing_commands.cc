// gmseal signing serve --data DIR --listen HOST:PORT [--db URL] [--sdf URI] [--platform URL]
//                      [--platform-cert PEM]... [--tsa URL] [--status-cache S] [--demo]
//                      [--port-file F] [--http-threads N]
// The seal application system (集中式用章): docs/signing-api.md.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/command.h"
#include "cli/service_flags.h"
#include "crypto/random.h"
#include "keys/token_uri.h"
#include "server/console/web_console.h"
#include "server/downloads/tool_downloads.h"
#include "signing/signing_service.h"
#include "tsa/demo_authority.h"
#include "tsa/http/tsa_http.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

std::atomic<bool> g_stop_signing{false};
void on_signing_signal(int) { g_stop_signing = true; }

struct SigningOptions {
  std::string data, listen = "127.0.0.1:8700", db, sdf, platform, tsa, port_file, web_root;
  std::vector<std::string> platform_certs;
  int http_threads = 8;
  int status_cache = 60;
  bool demo = false;
  ServiceFlags service;  // --log-file, --log-level, --tls-cert, --tls-key
};

// The crypto device: --sdf 'sdf:lib=PATH' (a vendor's library), or gmseal's soft device in
// DATA/sdf through libgmseal_sdf.so found beside this program.
Status choose_device(const SigningOptions& o, signing::SigningConfig& config) {
  if (!o.sdf.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, keys::TokenUri::parse(o.sdf));
    if (uri.scheme != "sdf" || uri.get("lib").empty()) {
      return make_error("cli.usage", "--sdf takes 'sdf:lib=PATH' (a GM/T 0018 library)", "sdf");
    }
    config.sdf_library = uri.get("lib");
    return {};
  }
  config.sdf_library = server::find_token_library("/proc/self/exe", "libgmseal_sdf.so").string();
  if (config.sdf_library.empty()) {
    return make_error("cli.usage",
                      "the soft SDF library libgmseal_sdf.so is not beside this program: give "
                      "--sdf 'sdf:lib=PATH'",
                      "sdf");
  }
  config.sdf_soft_root = std::filesystem::path(o.data) / "sdf";
  return {};
}

int run_signing(const SigningOptions& o) {
  auto listen = parse_listen(o.listen);
  if (!listen.ok()) return report_error(listen.error());
  auto http = start_service("signing", o.service);
  if (!http.ok()) return report_error(http.error());
  // The same console as the platform's; it asks the server which one it talks to.
  const std::filesystem::path web_root = o.web_root.empty()
                                             ? server::find_web_root("/proc/self/exe")
                                             : std::filesystem::path(o.web_root);
  std::string tsa_note;
  std::string console = "  console: not built (scripts/web-build, or give --web-root DIR)\n";
  signing::SigningConfig config;
  config.data_dir = o.data;
  config.db_url = o.db;
  config.platform_url = o.platform;
  config.platform_cert_files = o.platform_certs;
  config.tsa_url = o.tsa;
  if (o.status_cache < 1 || o.status_cache > 60) {
    return report_error(
        make_error("cli.usage", "--status-cache takes 1 to 60 seconds", "status-cache"));
  }
  config.status_cache = std::chrono::seconds(o.status_cache);
  config.demo = o.demo;
  config.http_threads = o.http_threads;
  if (auto device = choose_device(o, config); !device.ok()) return report_error(device.error());
  std::string admin_user = env_or("GMSEAL_ADMIN_USER");
  std::string admin_password = env_or("GMSEAL_ADMIN_PASSWORD");
  if (o.demo && admin_user.empty()) {
    // Demo only: a fresh random password, printed once (never a built-in one).
    admin_user = "admin";
    admin_password =
        crypto::random_string(16, "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789");
  }
  auto service = signing::SigningService::open(config, admin_user, admin_password);
  if (!service.ok()) return report_error(service.error());
  if (o.demo) {
    // The other roles of the demo, with the admin's password (created once).
    for (const auto& [name, role] : {std::pair<std::string, std::string>{"sealadmin", "sealadmin"},
                                     {"signer", "signer"},
                                     {"auditor", "auditor"}}) {
      auto found = (*service)->users()->find(name);
      if (found.ok() && !*found && !admin_password.empty()) {
        auto made = (*service)->users()->create(name, admin_password, {role}, "system", "startup");
        if (!made.ok()) return report_error(made.error());
      }
    }
    if (!admin_password.empty()) {
      std::cout << "demo users: admin, sealadmin, signer, auditor; password '" << admin_password
                << "' (set GMSEAL_ADMIN_USER / GMSEAL_ADMIN_PASSWORD to choose)\n";
    }
  }
  if (auto s = (*service)->start(
          listen->first, listen->second, std::move(*http),
          [&](service::ApiServer& api) -> Status {
            // --demo: an RFC 3161 TSA in this process at /tsa, as the
            // platform's --demo has (tsa/demo_authority.h).
            if (o.demo) {
              GMSEAL_ASSIGN_OR_RETURN(auto demo_tsa,
                                      tsa::open_demo_authority(config.data_dir / "tsa", {}));
              api.post_public("/tsa", tsa::tsa_handler(demo_tsa.authority));
              tsa_note = "  TSA: POST /tsa (trust " + demo_tsa.root_pem.string() + ")\n";
            }
            if (web_root.empty()) return {};
            GMSEAL_RETURN_IF_ERROR(server::mount_web_console(api, web_root));
            console = "  web console: / (from " + web_root.string() + ")\n";
            return {};
          });
      !s.ok()) {
    return report_error(s.error());
  }
  if (!o.port_file.empty()) {
    if (auto w = write_file_atomic(o.port_file, std::to_string((*service)->port())); !w.ok())
      return report_error(w.error());
  }
  std::cout << "gmseal signing service listening on " << o.service.scheme() << "://"
            << listen->first << ":" << (*service)->port() << "/api/v1\n"
            << "  data: " << config.data_dir.string() << "\n"
            << "  database: " << (*service)->db().url_for_display() << "\n"
            << "  crypto device: " << (*service)->device().description() << "\n"
            << console << tsa_note
            << "  system certificate: " << (*service)->identity().certificate.subject().to_string()
            << "\n"
            << "  platform: "
            << (o.platform.empty()
                    ? std::string("NONE: seals are imported and used without their online status "
                                  "(give --platform URL in production)")
                    : o.platform + " (status answers cached " + std::to_string(o.status_cache) +
                          " s)")
            << "\n"
            << "  timestamps: "
            << (o.tsa.empty() ? std::string("none (--tsa URL stamps every signature)") : o.tsa)
            << "\n"
            << "  API reference: docs/signing-api.md, GET /api/v1/openapi.json\n"
            << std::flush;
  if (o.platform.empty()) {
    // Without a platform nothing tells the service that a seal was frozen or cancelled; the
    // audit records every use as "platformStatus: not configured". Allowed for tests and demos.
    spdlog::warn("signing serve: no --platform, so no online status check on import or use");
  }
  std::signal(SIGINT, on_signing_signal);
  std::signal(SIGTERM, on_signing_signal);
  while (!g_stop_signing) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::cout << "stopping\n";
  (*service)->stop();
  return kExitOk;
}

void add_signing_commands(CLI::App& app, CommandContext& context) {
  CLI::App* signing =
      app.add_subcommand("signing", "the seal application system (集中式用章): signing service");
  signing->require_subcommand(1);
  auto o = std::make_shared<SigningOptions>();
  CLI::App* serve = signing->add_subcommand("serve", "run the signing service");
  serve->add_option("--data", o->data, "data directory (database, keys, batches)")->required();
  add_service_flags(serve, o->service);
  serve->add_option("--web-root", o->web_root,
                    "serve the web console from DIR (default: the build's web/dist when built)");
  serve->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->required();
  serve->add_option("--db", o->db,
                    "database URL: sqlite://PATH (default DATA/signing.db) or postgresql://...");
  serve->add_option("--sdf", o->sdf,
                    "crypto device: 'sdf:lib=PATH' (a vendor's GM/T 0018 library); default: the "
                    "soft device in DATA/sdf");
  serve->add_option("--platform", o->platform,
                    "the second-level platform (http:// or https://HOST:PORT) whose status service "
                    "gates every use");
  serve->add_option("--platform-cert", o->platform_certs,
                    "PEM of the platform's status signer (default: pinned at the first import)");
  serve->add_option("--tsa", o->tsa,
                    "RFC 3161 TSA (http:// or https://HOST:PORT/tsa): every signature carries its "
                    "token");
  add_tls_ca_flag(serve);  // for an https --platform or --tsa
  serve->add_option("--status-cache", o->status_cache,
                    "seconds a platform status answer is reused (1 to 60, default 60)");
  serve->add_option("--port-file", o->port_file, "write the bound port here (for --listen :0)");
  serve->add_option("--http-threads", o->http_threads, "HTTP worker threads (default 8)");
  serve->add_flag("--demo", o->demo,
                  "embedded defaults: SQLite, the soft SDF device, a built-in test identity and "
                  "demo users");
  on_run(serve, context, [o] { return run_signing(*o); });
}

const CommandRegistrar kRegistrar(210, add_signing_commands);

}  // namespace

}  // namespace gmseal::cli
