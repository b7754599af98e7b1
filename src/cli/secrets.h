// PINs and passwords for the token commands: from an option value, an environment variable, a
// file, or a prompt on the terminal (echo off). Values on the command line are visible to other
// users of the machine (ps); prefer the environment or a file outside tests.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "crypto/certificate.h"
#include "crypto/signer.h"

#include "keys/token_signer.h"
#include "util/error.h"

namespace gmseal::cli {

struct SecretOptions {
  std::string value, env, file;
};

// The secret `options` name, else a terminal prompt for `what`. Errors: cli.no_secret (no
// source and no terminal), keys.pin.env_unset, io.read_failed.
Result<std::string> read_secret(const SecretOptions& options, const std::string& what);

// A prompt on /dev/tty with echo off; for keys::make_signer.
keys::PinPrompt terminal_prompt();

// The signer a --token URI names (PINs from the URI, else the terminal), with the signing
// certificate stored beside the key when the token holds one (SKF containers).
struct TokenSigner {
  std::unique_ptr<crypto::Signer> signer;
  std::optional<crypto::Certificate> certificate;
};
Result<TokenSigner> open_token_signer(const std::string& uri);

}  // namespace gmseal::cli
