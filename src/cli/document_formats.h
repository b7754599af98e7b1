// Document formats behind `gmseal sign <format> ...` and `gmseal verify FILE ...`.
//
// sign_verify_commands.cc owns the `sign` and `verify` subcommands; each document format (PDF,
// OFD, ...) plugs in from its own file with a static registrar, so formats never touch each
// other's files:
//
//   int verify_pdf(const VerifyRequest& request);          // prints, returns an exit code
//   void add_sign_pdf(CLI::App& sign, CommandContext& c);  // adds `sign pdf` under `sign`
//   const DocumentFormatRegistrar kPdfFormat({
//       .name = "pdf", .extensions = {".pdf"}, .magic = "%PDF-",
//       .add_sign_command = add_sign_pdf, .verify = verify_pdf});
//
// `gmseal verify FILE` picks the format by the file's extension (case-insensitive), else by
// the magic bytes found within its first 1024 bytes, else fails with exit code 2.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/command.h"

namespace gmseal::cli {

// The options common to every `gmseal verify FILE` (formats may ignore some).
struct VerifyRequest {
  std::string path;                       // the document
  std::vector<std::string> trust;         // --trust ROOT.pem (repeatable): trust anchors
  std::vector<std::string> certificates;  // --cert FILE (repeatable): extra / signer certs
  std::vector<std::string> crls;          // --crl FILE (repeatable)
  bool json = false;                      // --json: the shared {"valid","trusted","signatures"}
  std::string status_url;                 // --status-url URL: ask the seals' platform (online)
  std::vector<std::string> status_certs;  // --status-cert PEM (repeatable): pinned answer signers
  std::string status_tls_ca;              // --status-tls-ca PEM: CAs for an https status service
};

struct DocumentFormat {
  std::string name;                     // "pdf": the `sign <name>` subcommand
  std::vector<std::string> extensions;  // ".pdf" (lower case, with the dot)
  std::string magic;                    // bytes identifying the format ("%PDF-", "PK\x03\x04")
  // Adds `<name>` (with its options and callback) under the `sign` subcommand. May be null.
  void (*add_sign_command)(CLI::App& sign, CommandContext& context) = nullptr;
  // Verifies request.path, prints the result (text or JSON) and returns kExitOk (all valid),
  // kExitInvalid (a signature is invalid) or kExitUsage (unreadable input). May be null.
  int (*verify)(const VerifyRequest& request) = nullptr;
};

struct DocumentFormatRegistrar {
  explicit DocumentFormatRegistrar(DocumentFormat format);
};

// Every registered format, sorted by name.
std::vector<DocumentFormat> registered_document_formats();

// The format for `path` (extension first, then magic bytes), or nullptr.
const DocumentFormat* find_document_format(const std::vector<DocumentFormat>& formats,
                                           const std::string& path);

}  // namespace gmseal::cli
