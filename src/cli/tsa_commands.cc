// gmseal tsa serve --listen HOST:PORT --data DIR (--key KEY --cert CERT | --token URI | --demo)
//                  [--log-file PATH] [--log-level LEVEL] [--tls-cert PEM --tls-key PEM]
//                  [--policy OID] [--accuracy-ms N] [--threads N]
// gmseal ts query (--in FILE | --digest HEX) --url URL --out T.tsr [--nonce] [--cert-req]
//                 [--hash sm3|sha256|sha384] [--policy OID]
// gmseal ts verify T.tsr (--in FILE | --digest HEX) --trust ROOT.pem [--cert TSA.pem]
//                  [--nonce HEX] [--crl CRL] [--json]
// gmseal ts show T.tsr [--json]
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/service_flags.h"
#include "cli/ses_output.h"
#include "cli/signing_key.h"
#include "crypto/cms_signed_data.h"
#include "crypto/random.h"
#include "tsa/demo_authority.h"
#include "tsa/http/tsa_client.h"
#include "tsa/http/tsa_http.h"
#include "tsa/imprint_hash.h"
#include "tsa/request.h"
#include "tsa/response.h"
#include "tsa/token_verify.h"
#include "tsa/tst_info.h"
#include "util/file_io.h"

// Like GMSEAL_ASSIGN_OR_RETURN, for command bodies: an error is printed and exits 2.
#define GMSEAL_ASSIGN_OR_RETURN_EXIT(lhs, expr)                                \
  auto GMSEAL_CONCAT(gmseal_exit_result_, __LINE__) = (expr);                  \
  if (!GMSEAL_CONCAT(gmseal_exit_result_, __LINE__).ok())                      \
    return report_error(GMSEAL_CONCAT(gmseal_exit_result_, __LINE__).error()); \
  lhs = std::move(GMSEAL_CONCAT(gmseal_exit_result_, __LINE__)).value()

namespace gmseal::cli {

namespace {

std::atomic<bool> g_stop{false};
void on_stop_signal(int) { g_stop = true; }

// The TimeStampResp or bare token in FILE: the token bytes and, for a response, its status.
struct LoadedReply {
  Bytes bytes;
  std::optional<tsa::TimeStampResponse> response;  // absent: the file is a bare token
  ByteView token() const {
    if (response) return response->token ? *response->token : ByteView{};
    return bytes;
  }
};

Result<LoadedReply> load_reply(const std::string& path) {
  LoadedReply out;
  GMSEAL_ASSIGN_OR_RETURN(out.bytes, read_file(path));
  auto as_response = tsa::parse_response(out.bytes);
  if (as_response.ok()) {
    out.response = *as_response;
    return out;
  }
  if (!crypto::parse_cms_signed_data(out.bytes).ok()) {
    return make_error(
        "cli.input",
        path + " is neither a TimeStampResp nor a timestamp token: " + as_response.error().message,
        "file");
  }
  return out;
}

// The imprint the token must carry: the hash of --in (with the TSTInfo's algorithm, decided by
// the verifier), or --digest as given.
Status set_stamped(const std::string& in, const std::string& digest_hex, Bytes& data_holder,
                   tsa::TokenCheckInput& input) {
  if (in.empty() == digest_hex.empty()) {
    return make_error("cli.usage", "give exactly one of --in FILE and --digest HEX", "in");
  }
  if (!in.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(data_holder, read_file(in));
    input.stamped_data = data_holder;
  } else {
    GMSEAL_ASSIGN_OR_RETURN(Bytes digest, hex_decode(digest_hex));
    input.expected_imprint = std::move(digest);
  }
  return {};
}

nlohmann::json tst_json(const tsa::TstInfo& tst) {
  nlohmann::json j = {{"policy", tst.policy},
                      {"hashAlgorithm", tst.hash_oid},
                      {"hashedMessage", hex_encode(tst.hashed_message)},
                      {"serialNumber", tst.serial_hex()},
                      {"genTime", tst.gen_time_text},
                      {"genTimeIso", format_iso8601(tst.gen_time)},
                      {"ordering", tst.ordering}};
  if (const auto hash = tsa::imprint_hash_from_oid(tst.hash_oid)) {
    j["hashName"] = tsa::name_of(*hash);
  }
  if (tst.accuracy) j["accuracy"] = tst.accuracy->to_string();
  if (tst.nonce) j["nonce"] = hex_encode(*tst.nonce);
  return j;
}

void add_tsa_serve(CLI::App& app, CommandContext& context) {
  struct Options {
    std::string listen = "127.0.0.1:3180", data, key, pass, cert, token, policy, port_file;
    int accuracy_ms = 1000;
    int threads = 8;
    bool demo = false;
    ServiceFlags service;
  };
  auto o = std::make_shared<Options>();
  CLI::App* tsa = app.add_subcommand("tsa", "an RFC 3161 / GB/T 20520 timestamp authority (SM2)");
  tsa->require_subcommand(1);
  CLI::App* serve = tsa->add_subcommand(
      "serve", "answer application/timestamp-query POSTs (at / and /tsa) with SM2 tokens");
  serve->add_option("--listen", o->listen, "HOST:PORT (default 127.0.0.1:3180; port 0 picks one)");
  serve->add_option("--data", o->data, "folder for the serial numbers (and the demo's keys)")
      ->required();
  serve->add_option("--key", o->key, "the TSA's private key (PEM, DER or PKCS#12)");
  serve->add_option("--pass", o->pass, "the key's password (also GMSEAL_KEY_PASS)");
  serve->add_option("--cert", o->cert, "the TSA certificate (critical EKU timeStamping)");
  serve->add_option("--token", o->token,
                    "the TSA key on a token: skf:... | sdf:... (docs/keys.md)");
  serve->add_option("--policy", o->policy, "the TSA policy OID written in every token");
  serve->add_option("--accuracy-ms", o->accuracy_ms, "stated accuracy of genTime (default 1000)");
  serve->add_option("--threads", o->threads, "HTTP worker threads (default 8)");
  serve->add_option("--port-file", o->port_file, "write the bound port here (for --listen HOST:0)");
  serve->add_flag("--demo", o->demo,
                  "a demo TSA certificate from a test CA in DATA (profile tsa; root in "
                  "DATA/tsa-root.pem)");
  add_service_flags(serve, o->service);
  on_run(serve, context, [o] {
    GMSEAL_ASSIGN_OR_RETURN_EXIT(auto listen, parse_listen(o->listen));
    GMSEAL_ASSIGN_OR_RETURN_EXIT(auto http, start_service("tsa", o->service));
    tsa::AuthorityConfig config;
    if (!o->policy.empty()) config.policy = o->policy;
    config.accuracy_ms = o->accuracy_ms;
    config.data_dir = o->data;
    std::shared_ptr<tsa::Authority> authority;
    std::string root_note;
    if (o->demo) {
      if (!o->key.empty() || !o->token.empty() || !o->cert.empty()) {
        return report_error(make_error("cli.usage",
                                       "--demo makes its own key: drop --key, "
                                       "--token and --cert",
                                       "demo"));
      }
      auto demo = tsa::open_demo_authority(o->data, config);
      if (!demo.ok()) return report_error(demo.error());
      authority = demo->authority;
      root_note = " (demo; trust anchor " + demo->root_pem.string() + ")";
    } else {
      SigningKeySource source{o->key, password_from(o->pass, "GMSEAL_KEY_PASS"), o->token};
      auto key = open_signing_key(source);
      if (!key.ok()) return report_error(key.error());
      auto cert = signing_certificate(*key, o->cert);
      if (!cert.ok()) return report_error(cert.error());
      // Device signers are not known to be thread-safe: one signature at a time.
      config.serialize_signing = !o->token.empty();
      auto opened = tsa::Authority::open(config, *cert, key->signer);
      if (!opened.ok()) return report_error(opened.error());
      authority = *opened;
    }
    tsa::TsaServer server(authority, o->threads, std::move(http));
    auto port = server.start(listen.first, listen.second);
    if (!port.ok()) return report_error(port.error());
    if (!o->port_file.empty()) {
      if (auto s = write_file_atomic(o->port_file, std::to_string(*port) + "\n"); !s.ok()) {
        return report_error(s.error());
      }
    }
    std::cout << "gmseal TSA on " << o->service.scheme() << "://" << listen.first << ":" << *port
              << "/tsa" << root_note
              << "\n  certificate: " << authority->certificate().subject().to_string()
              << "\n  policy: " << authority->config().policy
              << "\n  accuracy: " << authority->config().accuracy_ms << " ms" << std::endl;
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();
    return static_cast<int>(kExitOk);
  });
}

void add_ts_commands(CLI::App& app, CommandContext& context) {
  CLI::App* ts = app.add_subcommand("ts", "RFC 3161 timestamps: query a TSA, verify, show");
  ts->require_subcommand(1);

  struct QueryOptions {
    std::string in, digest, url, out, hash = "sm3", policy, request_out, request_in;
    bool nonce = false, cert_req = false;
  };
  auto q = std::make_shared<QueryOptions>();
  CLI::App* query = ts->add_subcommand("query", "ask a TSA for a timestamp over a file or digest");
  query->add_option("--in", q->in, "the file to timestamp");
  query->add_option("--digest", q->digest, "or its digest (hex, made with --hash)");
  query->add_option("--url", q->url, "the TSA (http://HOST:PORT/tsa)")->required();
  query->add_option("--out", q->out, "where the TimeStampResp goes (.tsr)")->required();
  query->add_option("--hash", q->hash, "sm3 (default), sha256 or sha384");
  query->add_option("--policy", q->policy, "ask for this TSA policy OID");
  query->add_option("--request-out", q->request_out, "also keep the request (.tsq)");
  query->add_option("--request", q->request_in,
                    "send this ready-made request (.tsq, e.g. from openssl ts -query) as it is");
  query->add_flag("--nonce", q->nonce, "send a random nonce (checked in the reply)");
  query->add_flag("--cert-req", q->cert_req, "ask for the TSA certificate in the token");
  add_tls_ca_flag(query);
  on_run(query, context, [q] {
    if (!q->request_in.empty()) {
      // A request made elsewhere goes out unchanged; the reply is stored and summarised.
      GMSEAL_ASSIGN_OR_RETURN_EXIT(Bytes request_der, read_file(q->request_in));
      GMSEAL_ASSIGN_OR_RETURN_EXIT(Bytes reply, tsa::post_timestamp_query(q->url, request_der));
      if (auto s = write_file_atomic(q->out, reply); !s.ok()) return report_error(s.error());
      GMSEAL_ASSIGN_OR_RETURN_EXIT(tsa::TimeStampResponse response, tsa::parse_response(reply));
      std::cout << tsa::status_name(response.status) << "\nwrote " << q->out << "\n";
      return static_cast<int>(response.status <= tsa::kGrantedWithMods ? kExitOk : kExitInvalid);
    }
    GMSEAL_ASSIGN_OR_RETURN_EXIT(const tsa::ImprintHash hash, tsa::parse_imprint_hash(q->hash));
    tsa::TimeStampRequest request;
    request.hash_oid = std::string(tsa::oid_of(hash));
    if (q->in.empty() == q->digest.empty()) {
      return report_error(
          make_error("cli.usage", "give exactly one of --in FILE and --digest HEX", "in"));
    }
    if (!q->in.empty()) {
      GMSEAL_ASSIGN_OR_RETURN_EXIT(Bytes data, read_file(q->in));
      request.hashed_message = tsa::digest(hash, data);
    } else {
      GMSEAL_ASSIGN_OR_RETURN_EXIT(request.hashed_message, hex_decode(q->digest));
      if (request.hashed_message.size() != tsa::digest_size(hash)) {
        return report_error(make_error("cli.usage",
                                       "--digest has " +
                                           std::to_string(request.hashed_message.size()) +
                                           " bytes; " + std::string(tsa::name_of(hash)) +
                                           " gives " + std::to_string(tsa::digest_size(hash)),
                                       "digest"));
      }
    }
    if (!q->policy.empty()) request.policy = q->policy;
    if (q->nonce) request.nonce = tsa::nonce_from_random(crypto::random_bytes(8));
    request.cert_req = q->cert_req;
    const Bytes request_der = tsa::build_request(request);
    if (!q->request_out.empty()) {
      if (auto s = write_file_atomic(q->request_out, request_der); !s.ok())
        return report_error(s.error());
    }
    GMSEAL_ASSIGN_OR_RETURN_EXIT(Bytes reply, tsa::post_timestamp_query(q->url, request_der));
    if (auto s = write_file_atomic(q->out, reply); !s.ok()) return report_error(s.error());
    GMSEAL_ASSIGN_OR_RETURN_EXIT(tsa::TimeStampResponse response, tsa::parse_response(reply));
    if (response.status != tsa::kGranted && response.status != tsa::kGrantedWithMods) {
      std::cerr << "gmseal: the TSA answered " << tsa::status_name(response.status);
      if (response.failure_bit)
        std::cerr << " (" << tsa::failure_name(*response.failure_bit) << ")";
      for (const std::string& text : response.status_strings) std::cerr << ": " << text;
      std::cerr << "\n";
      return static_cast<int>(kExitInvalid);
    }
    tsa::TokenCheckInput input;
    input.expected_imprint = request.hashed_message;
    input.nonce = request.nonce;
    const tsa::TokenCheck check = tsa::verify_response(reply, input);
    // Without --cert-req the token may lack the certificate; the signature is then checked by
    // `ts verify --cert`. Nonce and imprint are checked here whenever the TSTInfo parsed.
    if (!check.valid && (check.failed_step == "imprint" || check.failed_step == "nonce" ||
                         check.failed_step == "token" || check.failed_step == "status")) {
      std::cerr << "gmseal: the TSA's reply fails at " << check.failed_step << ": " << check.detail
                << "\n";
      return static_cast<int>(kExitInvalid);
    }
    std::cout << "granted: serial " << (check.tst ? check.tst->serial_hex() : "?") << ", genTime "
              << (check.tst ? check.tst->gen_time_text : "?");
    if (request.nonce) std::cout << ", nonce " << hex_encode(*request.nonce);
    std::cout << "\nwrote " << q->out << "\n";
    return static_cast<int>(kExitOk);
  });

  struct VerifyOptions {
    std::string file, in, digest, nonce;
    std::vector<std::string> trust, certs, crls;
    bool json = false, require_crl = false;
  };
  auto v = std::make_shared<VerifyOptions>();
  CLI::App* verify = ts->add_subcommand("verify", "check a timestamp reply or token in full");
  verify->add_option("file", v->file, "T.tsr (TimeStampResp) or a bare token")->required();
  verify->add_option("--in", v->in, "the file that was timestamped");
  verify->add_option("--digest", v->digest, "or its digest (hex, the token's hash algorithm)");
  verify->add_option("--trust", v->trust, "trusted root(s) for the TSA certificate")->required();
  verify->add_option("--cert", v->certs, "the TSA certificate / intermediates, when not carried");
  verify->add_option("--crl", v->crls, "CRLs for the TSA chain");
  verify->add_option("--nonce", v->nonce, "the request's nonce (hex) to check");
  verify->add_flag("--require-crl", v->require_crl, "every certificate of the chain needs a CRL");
  verify->add_flag("--json", v->json, "print the verdict as JSON");
  on_run(verify, context, [v] {
    GMSEAL_ASSIGN_OR_RETURN_EXIT(LoadedReply loaded, load_reply(v->file));
    tsa::TokenCheckInput input;
    Bytes data;
    if (auto s = set_stamped(v->in, v->digest, data, input); !s.ok())
      return report_error(s.error());
    GMSEAL_ASSIGN_OR_RETURN_EXIT(auto trust, load_trust_store(v->trust, v->certs, v->crls));
    input.trust = trust;
    input.require_crl = v->require_crl;
    for (const std::string& path : v->certs) {
      GMSEAL_ASSIGN_OR_RETURN_EXIT(auto certs, load_certificates(path));
      input.extra_certificates.insert(input.extra_certificates.end(), certs.begin(), certs.end());
    }
    if (!v->nonce.empty()) {
      GMSEAL_ASSIGN_OR_RETURN_EXIT(Bytes nonce, hex_decode(v->nonce));
      input.nonce = tsa::nonce_from_random(nonce);
    }
    const tsa::TokenCheck check = loaded.response ? tsa::verify_response(loaded.bytes, input)
                                                  : tsa::verify_token(loaded.bytes, input);
    if (v->json) {
      nlohmann::json steps = nlohmann::json::array();
      for (const tsa::TokenStep& step : check.steps) {
        steps.push_back({{"name", step.name},
                         {"result", step.passed ? "pass" : "fail"},
                         {"detail", step.detail}});
      }
      nlohmann::json j = {
          {"valid", check.valid}, {"trusted", check.chain_trusted}, {"checks", steps}};
      if (!check.valid) j["failedStep"] = check.failed_step;
      if (check.tst) j["tstInfo"] = tst_json(*check.tst);
      if (check.tsa_certificate) j["tsa"] = check.tsa_certificate->subject().to_string();
      if (!check.warnings.empty()) j["warnings"] = check.warnings;
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << (check.valid ? "VALID" : "INVALID");
      if (!check.valid) std::cout << " (fails at " << check.failed_step << ")";
      std::cout << "\n";
      for (const tsa::TokenStep& step : check.steps) {
        std::cout << "  " << (step.passed ? "pass" : "FAIL") << "  " << step.name << ": "
                  << step.detail << "\n";
      }
      for (const std::string& warning : check.warnings) std::cout << "  warn  " << warning << "\n";
    }
    return static_cast<int>(check.valid ? kExitOk : kExitInvalid);
  });

  struct ShowOptions {
    std::string file;
    bool json = false;
  };
  auto s = std::make_shared<ShowOptions>();
  CLI::App* show = ts->add_subcommand("show", "print a timestamp reply or token");
  show->add_option("file", s->file, "T.tsr (TimeStampResp) or a bare token")->required();
  show->add_flag("--json", s->json, "print JSON");
  on_run(show, context, [s] {
    GMSEAL_ASSIGN_OR_RETURN_EXIT(LoadedReply loaded, load_reply(s->file));
    nlohmann::json j;
    if (loaded.response) {
      j["status"] = tsa::status_name(loaded.response->status);
      if (loaded.response->failure_bit) {
        j["failInfo"] = tsa::failure_name(*loaded.response->failure_bit);
      }
      if (!loaded.response->status_strings.empty()) {
        j["statusString"] = loaded.response->status_strings;
      }
    }
    const ByteView token = loaded.token();
    if (!token.empty()) {
      GMSEAL_ASSIGN_OR_RETURN_EXIT(auto signed_data, crypto::parse_cms_signed_data(token));
      j["contentType"] = signed_data.content_info_type;
      j["eContentType"] = signed_data.encap_content_type;
      if (signed_data.encap_content) {
        GMSEAL_ASSIGN_OR_RETURN_EXIT(auto tst, tsa::parse_tst_info(*signed_data.encap_content));
        j["tstInfo"] = tst_json(tst);
      }
      const crypto::CmsSignerInfo& signer = signed_data.signers.front();
      j["signer"] = {{"serial", signer.serial_hex},
                     {"digestAlgorithm", signer.digest_algorithm},
                     {"signatureAlgorithm", signer.signature_algorithm}};
      nlohmann::json certs = nlohmann::json::array();
      for (const crypto::Certificate& c : signed_data.certificates) {
        certs.push_back({{"subject", c.subject().to_string()},
                         {"serial", c.serial_hex()},
                         {"notBefore", format_iso8601(c.not_before())},
                         {"notAfter", format_iso8601(c.not_after())}});
      }
      j["certificates"] = certs;
    }
    if (s->json) {
      std::cout << j.dump(2) << "\n";
      return static_cast<int>(kExitOk);
    }
    if (j.contains("status")) {
      std::cout << "Status: " << j["status"].get<std::string>();
      if (j.contains("failInfo")) std::cout << " (" << j["failInfo"].get<std::string>() << ")";
      std::cout << "\n";
      if (j.contains("statusString")) {
        for (const auto& text : j["statusString"])
          std::cout << "Status text: " << text.get<std::string>() << "\n";
      }
    }
    if (j.contains("tstInfo")) {
      const auto& t = j["tstInfo"];
      std::cout << "Policy: " << t["policy"].get<std::string>() << "\n"
                << "Hash algorithm: " << t["hashAlgorithm"].get<std::string>()
                << (t.contains("hashName") ? " (" + t["hashName"].get<std::string>() + ")" : "")
                << "\nMessage imprint: " << t["hashedMessage"].get<std::string>() << "\n"
                << "Serial number: " << t["serialNumber"].get<std::string>() << "\n"
                << "Time stamp: " << t["genTime"].get<std::string>() << " ("
                << t["genTimeIso"].get<std::string>() << ")\n"
                << "Accuracy: "
                << (t.contains("accuracy") ? t["accuracy"].get<std::string>() : "unspecified")
                << "\nOrdering: " << (t["ordering"].get<bool>() ? "yes" : "no") << "\n"
                << "Nonce: "
                << (t.contains("nonce") ? t["nonce"].get<std::string>() : "unspecified") << "\n";
      std::cout << "Signature algorithm: " << j["signer"]["signatureAlgorithm"].get<std::string>()
                << "\n";
      for (const auto& c : j["certificates"]) {
        std::cout << "Certificate: " << c["subject"].get<std::string>() << " (serial "
                  << c["serial"].get<std::string>() << ")\n";
      }
    }
    return static_cast<int>(kExitOk);
  });
}

void add_timestamp_commands(CLI::App& app, CommandContext& context) {
  add_tsa_serve(app, context);
  add_ts_commands(app, context);
}

const CommandRegistrar kRegistrar(75, add_timestamp_commands);

}  // namespace

}  // namespace gmseal::cli
