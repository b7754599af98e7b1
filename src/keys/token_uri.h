// Key locations as URIs, the one string every signing command accepts (`--token URI`):
//
//   skf:lib=PATH;dev=NAME;app=NAME;con=NAME[;PIN][;ABI]   a container on a UKey (GM/T 0016)
//   sdf:lib=PATH;index=N[;PIN][;ABI]                      a key index in a crypto device (GM/T
//   0018) soft:path=FILE[;PIN]                                  an SM2 key file (PKCS#8, may be
//   encrypted)
//
//   PIN  = pin-env=VAR | pin-file=PATH | pin=VALUE   where the PIN / password comes from (else a
//          prompt when the caller provides one). pin= puts a secret on the command line: tests
//          only.
//   ABI  = ulong=32|64 ; bool=32|64 ; pack=1 ; ecc=512|256   vendor header differences
//          (see abi_options.h); the defaults fit the standard on Linux x86-64.
//
// `con` is needed wherever a key is used (signing); application-level commands (seal files,
// PINs) take an skf: URI without it. Likewise `index` is needed to sign with an sdf: URI; the
// device-level `gmseal token list|info` take one without it. `dev` may be omitted (the first device
// SKF_EnumDev lists); `app` defaults to "GMSEAL", the application `gmseal token skf init` creates.
// Values are percent-decoded (%3B for ';', %3D for
// '=', %25 for '%'). Unknown parameters are errors, so a typo never silently changes the key.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "keys/abi_options.h"
#include "util/error.h"

namespace gmseal::keys {

inline constexpr std::string_view kDefaultSkfApplication = "GMSEAL";

struct TokenUri {
  std::string scheme;                         // "skf", "sdf" or "soft"
  std::map<std::string, std::string> params;  // decoded values

  // Errors: keys.uri.bad_syntax, keys.uri.unknown_scheme, keys.uri.unknown_parameter,
  // keys.uri.missing_parameter, keys.uri.bad_value (each naming the parameter).
  static Result<TokenUri> parse(std::string_view text);

  // The value of `key`, or `fallback`.
  std::string get(const std::string& key, const std::string& fallback = {}) const;
  bool has(const std::string& key) const { return params.count(key) != 0; }
  // The ABI parameters (ulong, bool, pack, ecc).
  Result<AbiOptions> abi() const;
  // The URI with any pin= value masked, for logs and messages.
  std::string to_display_string() const;
};

}  // namespace gmseal::keys
