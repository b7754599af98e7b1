// gmseal sign <format> ...   and   gmseal verify FILE [--trust ROOT.pem] [--cert C] [--json]
//                                                [--status-url URL [--status-cert CERT]]
// The formats themselves register through document_formats.h.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/command.h"
#include "cli/document_formats.h"

namespace gmseal::cli {

namespace {

std::vector<DocumentFormat>& format_registry() {
  static std::vector<DocumentFormat> formats;
  return formats;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

void add_sign_verify_commands(CLI::App& app, CommandContext& context) {
  const std::vector<DocumentFormat> formats = registered_document_formats();
  std::string names;
  for (const DocumentFormat& f : formats) names += (names.empty() ? "" : ", ") + f.name;

  CLI::App* sign = app.add_subcommand("sign", "seal or sign a document (" + names + ")");
  sign->require_subcommand(1);
  for (const DocumentFormat& f : formats) {
    if (f.add_sign_command != nullptr) f.add_sign_command(*sign, context);
  }

  auto request = std::make_shared<VerifyRequest>();
  CLI::App* verify =
      app.add_subcommand("verify", "verify every seal and signature in a document (" + names +
                                       "); exit 0 valid, 1 invalid, 2 input error");
  verify->add_option("file", request->path, "the document")->required();
  verify->add_option("--trust", request->trust, "trusted root certificate (PEM/DER), repeatable");
  verify->add_option("--cert", request->certificates,
                     "extra certificates (signer or intermediates), repeatable");
  verify->add_option("--crl", request->crls, "CRL to check revocation with, repeatable");
  verify->add_flag("--json", request->json, "print the verdict as JSON");
  verify->add_option("--status-url", request->status_url,
                     "ask the seal platform's signed online status of every seal: a base "
                     "(http://host:8600/api/v1/status, the code is appended) or a URL with {code}");
  verify->add_option("--status-cert", request->status_certs,
                     "certificate trusted to sign status answers (besides chains to --trust), "
                     "repeatable");
  verify->add_option("--status-tls-ca,--tls-ca", request->status_tls_ca,
                     "https status service: CA certificate(s) (PEM) its TLS certificate must "
                     "chain to, instead of the system's CA store");
  on_run(verify, context, [request, formats] {
    const DocumentFormat* format = find_document_format(formats, request->path);
    if (format == nullptr || format->verify == nullptr) {
      return report_error(make_error(
          "cli.unknown_format", request->path + " is not a document gmseal can verify (known: " +
                                    std::to_string(formats.size()) + " formats)"));
    }
    return format->verify(*request);
  });
}

const CommandRegistrar kRegistrar(60, add_sign_verify_commands);

}  // namespace

DocumentFormatRegistrar::DocumentFormatRegistrar(DocumentFormat format) {
  format_registry().push_back(std::move(format));
}

std::vector<DocumentFormat> registered_document_formats() {
  std::vector<DocumentFormat> formats = format_registry();
  std::sort(formats.begin(), formats.end(),
            [](const DocumentFormat& a, const DocumentFormat& b) { return a.name < b.name; });
  return formats;
}

const DocumentFormat* find_document_format(const std::vector<DocumentFormat>& formats,
                                           const std::string& path) {
  const std::string extension = lower(std::filesystem::path(path).extension().string());
  for (const DocumentFormat& f : formats) {
    if (std::find(f.extensions.begin(), f.extensions.end(), extension) != f.extensions.end()) {
      return &f;
    }
  }
  std::ifstream in(path, std::ios::binary);
  std::string head(1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  for (const DocumentFormat& f : formats) {
    if (!f.magic.empty() && head.find(f.magic) != std::string::npos) return &f;
  }
  return nullptr;
}

}  // namespace gmseal::cli
