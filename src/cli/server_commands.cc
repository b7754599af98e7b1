// gmseal server --data DIR --listen HOST:PORT [--db URL] [--province URL --registration REG.der]
//               [--vendor INITIALS] [--org-code CODE] [--ukey-library PATH] [--ukey-root DIR]
//               [--downloads DIR] [--web-root DIR] [--demo] [--tls-ca PEM]
//               [--log-file PATH] [--log-level LEVEL] [--tls-cert PEM --tls-key PEM]
// gmseal audit verify --data DIR [--db URL]
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/service_flags.h"
#include "crypto/random.h"
#include "protocol/registration.h"
#include "province/province_data.h"
#include "province/server.h"
#include "province/service.h"
#include "server/api/routes.h"
#include "server/console/web_console.h"
#include "server/downloads/tool_downloads.h"
#include "server/platform.h"
#include "server/province/http_province_gateway.h"
#include "server/ukey/ukey_station.h"
#include "service/audit/audit_log.h"
#include "tsa/demo_authority.h"
#include "tsa/http/tsa_http.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

// --demo: a first-level emulator in this process, on an ephemeral loopback port, with its data
// under DATA/province; the platform is registered with it once (DATA/registration.der).
struct EmbeddedProvince {
  std::shared_ptr<province::ProvinceService> service;
  std::unique_ptr<province::ProvinceServer> server;
  int port = 0;
  crypto::Certificate root;
};

constexpr const char* kDemoOrgCode = "GMSEALDEMO01";

Result<std::unique_ptr<EmbeddedProvince>> start_embedded_province(
    const std::filesystem::path& data_dir) {
  const std::filesystem::path dir = data_dir / "province";
  auto data = std::filesystem::exists(dir / "province.toml")
                  ? province::ProvinceData::open(dir)
                  : province::ProvinceData::init(dir, {});
  if (!data.ok()) return data.error();
  GMSEAL_ASSIGN_OR_RETURN(std::unique_ptr<province::ProvinceService> service,
                          province::ProvinceService::open(*data, {}));
  auto embedded = std::make_unique<EmbeddedProvince>(
      EmbeddedProvince{std::move(service), nullptr, 0, data->root()});
  embedded->server = std::make_unique<province::ProvinceServer>(embedded->service,
                                                                std::vector<province::FaultSpec>{});
  GMSEAL_ASSIGN_OR_RETURN(embedded->port, embedded->server->start("127.0.0.1", 0));
  return embedded;
}

struct ServerOptions {
  std::string data, listen = "127.0.0.1:8600", db, province, registration, province_root,
                    vendor = "GMSL", org_code, port_file, ukey_library, ukey_root, downloads,
                    seal_font, web_root;
  int status_sync_seconds = 30;
  int outbox_lease_seconds = 60;
  int http_threads = 8;
  bool demo = false;
  ServiceFlags service;
};

constexpr const char* kSelf = "/proc/self/exe";

// The UKey issuing station: --ukey-library (a vendor's SKF library, blank tokens authenticated
// with GMSEAL_UKEY_AUTH_KEY), or gmseal's soft UKey with its devices in --ukey-root; --demo
// uses the soft UKey in DATA/ukeys.
Result<server::UkeyStationConfig> station_config(const ServerOptions& o) {
  server::UkeyStationConfig station;
  station.library = o.ukey_library;
  station.soft_root = o.ukey_root;
  if (station.soft_root.empty() && station.library.empty() && o.demo) {
    // The demo's station needs the soft UKey library; a build without it runs without one.
    station.library = server::find_token_library(kSelf, "libgmseal_skf.so").string();
    if (!station.library.empty()) station.soft_root = std::filesystem::path(o.data) / "ukeys";
  } else if (!station.soft_root.empty() && station.library.empty()) {
    station.library = server::find_token_library(kSelf, "libgmseal_skf.so").string();
    if (station.library.empty()) {
      return make_error("cli.usage",
                        "the soft UKey library libgmseal_skf.so is not beside this program: give "
                        "--ukey-library PATH",
                        "ukey-library");
    }
  }
  if (const std::string key = env_or("GMSEAL_UKEY_AUTH_KEY"); !key.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(station.device_auth_key, hex_decode(key));
  }
  return station;
}

// Publishes the tool downloads into DATA/downloads; returns banner lines saying where each
// file came from.
std::string publish_downloads(const ServerOptions& o) {
  std::vector<server::ToolFile> tools;
  std::vector<std::string> missing;
  if (!o.downloads.empty()) {
    auto listed = server::tools_in_folder(o.downloads);
    if (!listed.ok()) return "  downloads: NOT published: " + listed.error().message + "\n";
    tools = std::move(*listed);
  } else {
    server::ToolLookup lookup = server::find_default_tools(kSelf);
    tools = std::move(lookup.found);
    missing = std::move(lookup.missing);
  }
  auto catalog = server::publish_tools(std::filesystem::path(o.data) / "downloads", tools);
  if (!catalog.ok()) return "  downloads: NOT published: " + catalog.error().message + "\n";
  std::string lines = "  downloads: /downloads/ (index.json), " +
                      std::to_string(catalog->files.size()) + " files\n";
  for (const server::ToolFile& tool : tools) {
    lines += "    " + tool.name + " from " + tool.source.string() + "\n";
  }
  for (const std::string& line : missing) lines += "    not found: " + line + "\n";
  return lines;
}

int run_server(const ServerOptions& o) {
  auto listen = parse_listen(o.listen);
  if (!listen.ok()) return report_error(listen.error());
  auto http = start_service("platform", o.service);
  if (!http.ok()) return report_error(http.error());
  server::PlatformConfig config;
  config.data_dir = o.data;
  config.db_url = o.db;
  config.listen_host = listen->first;
  config.listen_port = listen->second;
  config.vendor_initials = o.vendor;
  config.org_code = o.org_code;
  config.status_sync_interval = std::chrono::seconds(o.status_sync_seconds);
  config.outbox_lease = std::chrono::seconds(o.outbox_lease_seconds);
  config.http_threads = o.http_threads;
  config.province_url = o.province;
  config.registration_file = o.registration;
  auto station = station_config(o);
  if (!station.ok()) return report_error(station.error());
  config.ukey_station = std::move(*station);
  config.seal_font = o.seal_font;
  config.admin_user = env_or("GMSEAL_ADMIN_USER");
  config.admin_password = env_or("GMSEAL_ADMIN_PASSWORD");
  if (o.demo && config.admin_user.empty()) {
    // Demo only: a fresh random password, printed once (never a built-in one).
    config.admin_user = "admin";
    config.admin_password =
        crypto::random_string(16, "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789");
    std::cout << "demo admin: user 'admin', password '" << config.admin_password
              << "' (set GMSEAL_ADMIN_USER / GMSEAL_ADMIN_PASSWORD to choose)\n";
  }
  // The registration package names the province (its certificate verifies every reply) and
  // this platform's orgCode.
  std::optional<protocol::RegistrationPackage> registration;
  std::string o_province_url = o.province;
  if (!o.registration.empty()) {
    auto der = read_file(o.registration);
    if (!der.ok()) return report_error(der.error());
    auto package = protocol::RegistrationPackage::parse(*der);
    if (!package.ok()) return report_error(package.error());
    if (auto v = package->verify(); !v.ok()) return report_error(v.error());
    if (config.org_code.empty()) config.org_code = package->info().sub_system.org_code;
    registration = *package;
  }
  if (!o.province.empty() && !registration) {
    return report_error(
        make_error("cli.usage", "--province needs --registration (the province's package)"));
  }
  std::unique_ptr<EmbeddedProvince> embedded;
  if (o.demo && o.province.empty()) {
    auto started = start_embedded_province(config.data_dir);
    if (!started.ok()) return report_error(started.error());
    embedded = std::move(*started);
    if (config.org_code.empty()) config.org_code = kDemoOrgCode;
  }
  auto platform = server::Platform::open(config, nullptr);
  if (!platform.ok()) return report_error(platform.error());
  if (embedded) {
    const std::filesystem::path reg_file = config.data_dir / "registration.der";
    if (!std::filesystem::exists(reg_file)) {
      auto package = embedded->service->register_system((*platform)->system_certificate(),
                                                        config.org_code, config.platform_name,
                                                        o.service.scheme() + "://" + o.listen);
      if (!package.ok()) return report_error(package.error());
      if (auto w = write_file_atomic(reg_file, ByteView(package->der())); !w.ok())
        return report_error(w.error());
    }
    auto der = read_file(reg_file);
    if (!der.ok()) return report_error(der.error());
    auto package = protocol::RegistrationPackage::parse(*der);
    if (!package.ok()) return report_error(package.error());
    registration = *package;
    o_province_url = "http://127.0.0.1:" + std::to_string(embedded->port);
    (*platform)->set_province_root(embedded->root);
    std::cout << "embedded province emulator on " << o_province_url << " (data "
              << (config.data_dir / "province").string() << ")\n";
  }
  if (registration && !o_province_url.empty()) {
    server::ProvinceEndpoint endpoint{o_province_url, config.province_base_path,
                                      registration->system_certificate()};
    (*platform)->set_province(std::make_shared<server::HttpProvinceGateway>(
        endpoint, (*platform)->system_key(), (*platform)->system_certificate()));
  }
  if (!o.province_root.empty()) {
    auto root = read_text_file(o.province_root);
    if (!root.ok()) return report_error(root.error());
    auto cert = crypto::Certificate::from_pem(*root);
    if (!cert.ok()) return report_error(cert.error());
    (*platform)->set_province_root(*cert);
  }
  const std::string downloads = publish_downloads(o);
  service::ApiServer api((*platform)->users(), config.http_threads, std::move(*http));
  server::add_all_routes(api, **platform);
  std::string tsa_note;
  if (o.demo) {  // an RFC 3161 TSA in this process at /tsa (tsa/demo_authority.h)
    auto demo_tsa = tsa::open_demo_authority(config.data_dir / "tsa", {});
    if (!demo_tsa.ok()) return report_error(demo_tsa.error());
    api.post_public("/tsa", tsa::tsa_handler(demo_tsa->authority));
    tsa_note = "  TSA: POST /tsa (application/timestamp-query; trust " +
               demo_tsa->root_pem.string() + ")\n";
  }
  const std::filesystem::path web_root =
      o.web_root.empty() ? server::find_web_root(kSelf) : std::filesystem::path(o.web_root);
  std::string console = "  console: not built (scripts/web-build, or give --web-root DIR)\n";
  if (!web_root.empty()) {
    if (auto s = server::mount_web_console(api, web_root); !s.ok()) return report_error(s.error());
    console = "  web console: / (from " + web_root.string() + ")\n";
  }
  if (auto s = api.start(config.listen_host, config.listen_port); !s.ok())
    return report_error(s.error());
  if (!o.port_file.empty()) {
    if (auto w = write_file_atomic(o.port_file, std::to_string(api.port())); !w.ok())
      return report_error(w.error());
  }
  if (config.run_worker) (*platform)->worker().start();
  std::cout << "gmseal server listening on " << o.service.scheme() << "://" << config.listen_host
            << ":" << api.port() << "/api/v1\n"
            << "  data: " << config.data_dir.string() << "\n"
            << "  database: " << (*platform)->db().url_for_display() << "\n"
            << "  status query: GET /api/v1/status/{sealCode} (public)\n"
            << "  UKey station: "
            << ((*platform)->ukey_station() != nullptr ? (*platform)->ukey_station()->describe()
                                                       : std::string("none (--ukey-library, "
                                                                     "--ukey-root)"))
            << "\n"
            << tsa_note << downloads << console << "  try:  curl -s -X POST " << o.service.scheme()
            << "://" << config.listen_host << ":" << api.port()
            << "/api/v1/session -d '{\"username\":\"" << config.admin_user
            << "\",\"password\":\"...\"}'\n"
            << "  API reference: docs/api.md\n"
            << std::flush;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::cout << "stopping\n";
  if (embedded) embedded->server->stop();
  (*platform)->worker().stop();
  api.stop();
  return kExitOk;
}

void add_server_commands(CLI::App& app, CommandContext& context) {
  auto o = std::make_shared<ServerOptions>();
  CLI::App* server = app.add_subcommand("server", "run the second-level seal platform (HTTP API)");
  server->add_option("--data", o->data, "data directory (keys, CA, SQLite database)")->required();
  server->add_option("--listen", o->listen, "HOST:PORT to listen on (default 127.0.0.1:8600)");
  server->add_option("--db", o->db,
                     "database URL (default sqlite://DATA/gmseal.db; postgresql://...)");
  server->add_option("--province", o->province, "root URL of the provincial first-level platform");
  server->add_option("--registration", o->registration,
                     "registration package (DER) from the province");
  server->add_option("--province-root", o->province_root,
                     "the province CA root (PEM): downloaded seals must chain to it");
  server->add_option("--vendor", o->vendor, "vendor initials for seal codes (default GMSL)");
  server->add_option("--org-code", o->org_code,
                     "appendix 2 orgCode (default: from the registration package)");
  server
      ->add_option("--status-sync", o->status_sync_seconds,
                   "seconds between pulls of the province's status changes (0: never; "
                   "default 30)")
      ->check(CLI::NonNegativeNumber);
  server
      ->add_option("--outbox-lease", o->outbox_lease_seconds,
                   "seconds a node works on a provincial message before another node (or "
                   "this one after a crash) takes it over (default 60)")
      ->check(CLI::PositiveNumber);
  server
      ->add_option("--http-threads", o->http_threads,
                   "API worker threads; each serves one kept-open connection at a time "
                   "(default 8)")
      ->check(CLI::Range(1, 256));
  server->add_option("--port-file", o->port_file,
                     "write the bound port here once listening (for --listen HOST:0)");
  server->add_option("--ukey-library", o->ukey_library,
                     "SKF library of the UKey issuing station (blank tokens' device "
                     "authentication key in GMSEAL_UKEY_AUTH_KEY, hex)");
  server->add_option("--ukey-root", o->ukey_root,
                     "issue gmseal soft UKeys: their device folders go here (default with --demo: "
                     "DATA/ukeys)");
  server->add_option("--seal-font", o->seal_font,
                     "Song (宋体) font for POST /api/v1/seal-images (default: AR PL SungtiL GB, "
                     "then Noto Serif CJK SC)");
  server->add_option("--downloads", o->downloads,
                     "publish the files of this folder at /downloads/ (default: this program "
                     "and the token libraries beside it)");
  server->add_option("--web-root", o->web_root,
                     "serve the web console from this folder at / (default: web/dist of the "
                     "source tree of this build, or ../share/gmseal/web)");
  server->add_flag("--demo", o->demo,
                   "embedded defaults: built-in test CA, province emulator, soft tokens");
  add_service_flags(server, o->service);
  add_tls_ca_flag(server);  // for an https --province
  on_run(server, context, [o] { return run_server(*o); });

  struct AuditOptions {
    std::string data, db;
  };
  auto a = std::make_shared<AuditOptions>();
  CLI::App* audit =
      app.add_subcommand("audit", "the audit log of the platform or the signing service");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify", "check the hash chain: any altered or removed record is reported");
  verify->add_option("--data", a->data, "data directory")->required();
  verify->add_option("--db", a->db,
                     "database URL (default DATA/gmseal.db, or DATA/signing.db for the signing "
                     "service)");
  on_run(verify, context, [a] {
    // The platform's database (gmseal.db) or, in a signing service's folder, signing.db.
    const std::filesystem::path data(a->data);
    const std::filesystem::path file =
        !std::filesystem::exists(data / "gmseal.db") && std::filesystem::exists(data / "signing.db")
            ? data / "signing.db"
            : data / "gmseal.db";
    const std::string url = a->db.empty() ? "sqlite://" + file.string() : a->db;
    if (a->db.empty() && !std::filesystem::exists(file)) {
      return report_error(make_error(
          "cli.usage", "no database in " + a->data + " (gmseal.db or signing.db): give --db URL"));
    }
    auto db = service::Database::open_existing(url);
    if (!db.ok()) return report_error(db.error());
    auto verdict = service::verify_audit(**db);
    if (!verdict.ok()) return report_error(verdict.error());
    if (verdict->intact) {
      std::cout << "audit log intact: " << verdict->records << " records, chain and head agree\n";
      return static_cast<int>(kExitOk);
    }
    std::cout << "audit log TAMPERED (" << verdict->records << " records):\n";
    for (const std::string& p : verdict->problems) std::cout << "  " << p << "\n";
    return static_cast<int>(kExitInvalid);
  });
}

const CommandRegistrar kRegistrar(200, add_server_commands);

}  // namespace

}  // namespace gmseal::cli
