// gmseal province init     --data DIR [--org-code C] [--org-name N] [--service-address URL]
//                          [--base-path P] [--vid V] [--signing-rule R]
// gmseal province serve    --data DIR --listen HOST:PORT [--strict] [--fault SPEC]...
//                          [--log-file PATH] [--log-level LEVEL] [--tls-cert PEM --tls-key PEM]
//                          [--port-file FILE]
// gmseal province register --data DIR --system-cert CERT --org-code CODE --org-name NAME
//                          --service-url URL --out REG.der
// gmseal province report   --data DIR
//
// The first-level (provincial) platform emulator: see docs/province-protocol.md.
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/service_flags.h"
#include "province/province_data.h"
#include "province/report.h"
#include "province/server.h"
#include "province/service.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

// Set by SIGINT/SIGTERM; the serving thread polls it (stopping the server is not
// async-signal-safe).
volatile std::sig_atomic_t g_stop_requested = 0;

void request_stop(int) { g_stop_requested = 1; }

void add_province_commands(CLI::App& app, CommandContext& context) {
  CLI::App* province = app.add_subcommand(
      "province", "first-level (provincial) e-seal platform emulator and its admin commands");
  province->require_subcommand(1);
  struct Options {
    std::string data, listen, port_file, system_cert, org_code, org_name, service_url, out;
    std::string service_address, base_path, vid, signing_rule;
    std::string seal_code, action, reason;
    std::vector<std::string> faults;
    bool strict = false;
    ServiceFlags service;
  };
  auto o = std::make_shared<Options>();

  CLI::App* init = province->add_subcommand(
      "init", "create a province: root CA, system and seal-maker certificates, settings, store");
  init->add_option("--data", o->data, "data folder to create")->required();
  init->add_option("--org-code", o->org_code, "the province's organisation code");
  init->add_option("--org-name", o->org_name, "the province's organisation name");
  init->add_option("--service-address", o->service_address,
                   "service address written into registration packages");
  init->add_option("--base-path", o->base_path,
                   "URL base of the interfaces (default /anysign-ess-server-service)");
  init->add_option("--vid", o->vid, "vendor id in packages and seals (default GMSEAL)");
  init->add_option("--signing-rule", o->signing_rule,
                   "envelope signing rule: jcs (default), "
                   "jcs-data or data-text");
  on_run(init, context, [o] {
    province::ProvinceConfig config;
    if (!o->org_code.empty()) config.org_code = o->org_code;
    if (!o->org_name.empty()) config.org_name = o->org_name;
    if (!o->service_address.empty()) config.service_address = o->service_address;
    if (!o->base_path.empty()) config.base_path = o->base_path;
    if (!o->vid.empty()) config.vid = o->vid;
    if (!o->signing_rule.empty()) {
      auto rule = protocol::parse_signing_rule(o->signing_rule);
      if (!rule.ok()) return report_error(rule.error());
      config.signing_rule = *rule;
    }
    auto data = province::ProvinceData::init(o->data, config);
    if (!data.ok()) return report_error(data.error());
    std::cout << "province created in " << o->data
              << "\n  root:   " << data->root().subject().to_string()
              << "\n  system: " << data->system().cert.subject().to_string()
              << "\n  maker:  " << data->maker().cert.subject().to_string() << "\n";
    return static_cast<int>(kExitOk);
  });

  CLI::App* serve = province->add_subcommand("serve", "serve the provincial interfaces over HTTP");
  serve->add_option("--data", o->data, "province data folder")->required();
  serve->add_option("--listen", o->listen, "HOST:PORT (PORT 0: any free port)")->required();
  serve->add_flag("--strict", o->strict,
                  "refuse sample-only forms and log every request for `province report`");
  serve->add_option("--fault", o->faults,
                    "inject a fault: delay=MS, 5xx, drop, malformed, bad-signature; @N for "
                    "every Nth request (repeatable)");
  serve->add_option("--port-file", o->port_file, "write the bound port to this file");
  add_service_flags(serve, o->service);
  on_run(serve, context, [o] {
    auto listen = parse_listen(o->listen);
    if (!listen.ok()) return report_error(listen.error());
    auto http = start_service("province", o->service);
    if (!http.ok()) return report_error(http.error());
    std::vector<province::FaultSpec> faults;
    for (const auto& text : o->faults) {
      auto fault = province::parse_fault(text);
      if (!fault.ok()) return report_error(fault.error());
      faults.push_back(*fault);
    }
    auto data = province::ProvinceData::open(o->data);
    if (!data.ok()) return report_error(data.error());
    const std::string base = data->config().base_path;
    auto service = province::ProvinceService::open(std::move(data).value(), {o->strict});
    if (!service.ok()) return report_error(service.error());
    province::ProvinceServer server(
        std::shared_ptr<province::ProvinceService>(std::move(service).value()), faults,
        std::move(http).value());
    g_stop_requested = 0;
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    auto port = server.start(listen->first, listen->second);
    if (!port.ok()) return report_error(port.error());
    if (!o->port_file.empty()) {
      if (auto s = write_file_atomic(o->port_file, std::to_string(*port)); !s.ok()) {
        return report_error(s.error());
      }
    }
    std::cout << "gmseal province listening on " << o->service.scheme() << "://" << listen->first
              << ":" << *port << base << (o->strict ? " (strict)" : "");
    for (const auto& fault : faults) std::cout << " fault " << province::to_string(fault);
    std::cout << std::endl;
    while (g_stop_requested == 0 && server.running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    server.stop();
    std::cout << "gmseal province stopped" << std::endl;
    return static_cast<int>(kExitOk);
  });

  CLI::App* reg = province->add_subcommand(
      "register", "register a second-level system and write its registration package (DER)");
  reg->add_option("--data", o->data, "province data folder")->required();
  reg->add_option("--system-cert", o->system_cert, "the platform's system certificate")->required();
  reg->add_option("--org-code", o->org_code, "the platform's organisation code")->required();
  reg->add_option("--org-name", o->org_name, "the platform's organisation name")->required();
  reg->add_option("--service-url", o->service_url,
                  "the provincial service address written into the package (systemInfo)")
      ->required();
  reg->add_option("--out", o->out, "registration package output (DER)")->required();
  on_run(reg, context, [o] {
    auto cert = load_certificate(o->system_cert);
    if (!cert.ok()) return report_error(cert.error());
    auto data = province::ProvinceData::open(o->data);
    if (!data.ok()) return report_error(data.error());
    auto service = province::ProvinceService::open(std::move(data).value(), {});
    if (!service.ok()) return report_error(service.error());
    auto package = (*service)->register_system(*cert, o->org_code, o->org_name, o->service_url);
    if (!package.ok()) return report_error(package.error());
    if (auto s = write_file_atomic(o->out, package->der()); !s.ok()) return report_error(s.error());
    std::cout << "registered " << o->org_code << " (" << o->org_name << "); package written to "
              << o->out << "\n";
    return static_cast<int>(kExitOk);
  });

  CLI::App* supervise = province->add_subcommand(
      "set-status",
      "the province's own status change of a seal (supervision); its platform hears of it "
      "through the revocation list");
  supervise->add_option("--data", o->data, "province data folder")->required();
  supervise->add_option("--seal", o->seal_code, "seal code (yzbm)")->required();
  supervise->add_option("--action", o->action, "freeze, unfreeze, loss, cancel or revoke")
      ->required();
  supervise->add_option("--reason", o->reason, "recorded with the change");
  on_run(supervise, context, [o] {
    auto data = province::ProvinceData::open(o->data);
    if (!data.ok()) return report_error(data.error());
    auto service = province::ProvinceService::open(std::move(data).value(), {});
    if (!service.ok()) return report_error(service.error());
    auto status = (*service)->supervise_status(o->seal_code, o->action, o->reason);
    if (!status.ok()) return report_error(status.error());
    std::cout << "seal " << o->seal_code << " is now " << *status << "\n";
    return static_cast<int>(kExitOk);
  });

  CLI::App* report = province->add_subcommand(
      "report", "what connecting platforms sent to a --strict emulator and every rule they broke");
  report->add_option("--data", o->data, "province data folder")->required();
  on_run(report, context, [o] {
    auto data = province::ProvinceData::open(o->data);
    if (!data.ok()) return report_error(data.error());
    auto service = province::ProvinceService::open(std::move(data).value(), {});
    if (!service.ok()) return report_error(service.error());
    auto text = province::strict_report((*service)->store());
    if (!text.ok()) return report_error(text.error());
    std::cout << *text;
    return static_cast<int>(kExitOk);
  });
}

const CommandRegistrar kRegistrar(200, add_province_commands);

}  // namespace

}  // namespace gmseal::cli
