#include "keys/token_uri.h"

#include <set>

namespace gmseal::keys {

namespace {

const std::set<std::string>& allowed(const std::string& scheme) {
  static const std::set<std::string> skf = {"lib",     "dev",      "app",   "con",  "pin",
                                            "pin-env", "pin-file", "ulong", "bool", "pack"};
  static const std::set<std::string> sdf = {"lib",      "index", "pin",  "pin-env",
                                            "pin-file", "ulong", "pack", "ecc"};
  static const std::set<std::string> soft = {"path", "pin", "pin-env", "pin-file"};
  if (scheme == "skf") return skf;
  if (scheme == "sdf") return sdf;
  return soft;
}

Result<std::string> percent_decode(std::string_view text, const std::string& key) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (i + 2 >= text.size()) {
      return make_error("keys.uri.bad_value", "truncated %-escape in '" + key + "'", key);
    }
    const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
    if (hi < 0 || lo < 0) {
      return make_error("keys.uri.bad_value", "bad %-escape in '" + key + "'", key);
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (out.find('\0') != std::string::npos) {
    return make_error("keys.uri.bad_value", "'" + key + "' holds a NUL byte", key);
  }
  return out;
}

Result<unsigned> small_number(const std::string& value, const std::string& key) {
  if (value.empty() || value.size() > 9) {
    return make_error("keys.uri.bad_value", "'" + key + "' must be a number", key);
  }
  unsigned n = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') {
      return make_error("keys.uri.bad_value", "'" + key + "' must be a number", key);
    }
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return n;
}

}  // namespace

Result<TokenUri> TokenUri::parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return make_error("keys.uri.bad_syntax",
                      "a token URI starts with skf:, sdf: or soft: (e.g. skf:lib=...;con=...)");
  }
  TokenUri uri;
  uri.scheme = std::string(text.substr(0, colon));
  if (uri.scheme != "skf" && uri.scheme != "sdf" && uri.scheme != "soft") {
    return make_error("keys.uri.unknown_scheme",
                      "unknown token scheme '" + uri.scheme + "' (use skf:, sdf: or soft:)");
  }
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    const std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return make_error("keys.uri.bad_syntax",
                        "token URI parameter '" + std::string(part) + "' is not key=value");
    }
    const std::string key(part.substr(0, eq));
    if (allowed(uri.scheme).count(key) == 0) {
      return make_error("keys.uri.unknown_parameter",
                        "'" + key + "' is not a parameter of " + uri.scheme + ": URIs", key);
    }
    GMSEAL_ASSIGN_OR_RETURN(std::string value, percent_decode(part.substr(eq + 1), key));
    if (!uri.params.emplace(key, std::move(value)).second) {
      return make_error("keys.uri.bad_syntax", "parameter '" + key + "' appears twice", key);
    }
  }
  const int pin_sources = static_cast<int>(uri.has("pin")) + static_cast<int>(uri.has("pin-env")) +
                          static_cast<int>(uri.has("pin-file"));
  if (pin_sources > 1) {
    return make_error("keys.uri.bad_syntax", "give at most one of pin, pin-env and pin-file");
  }
  const auto require = [&](const char* key) -> Status {
    if (uri.get(key).empty()) {
      return make_error("keys.uri.missing_parameter",
                        uri.scheme + ": URIs need '" + std::string(key) + "='", key);
    }
    return {};
  };
  if (uri.scheme == "skf") {
    GMSEAL_RETURN_IF_ERROR(require("lib"));
  } else if (uri.scheme == "sdf") {
    GMSEAL_RETURN_IF_ERROR(require("lib"));
    if (uri.has("index")) {
      GMSEAL_ASSIGN_OR_RETURN(const unsigned index, small_number(uri.get("index"), "index"));
      (void)index;
    }
  } else {
    GMSEAL_RETURN_IF_ERROR(require("path"));
  }
  GMSEAL_RETURN_IF_ERROR(uri.abi());
  return uri;
}

std::string TokenUri::get(const std::string& key, const std::string& fallback) const {
  const auto it = params.find(key);
  return it == params.end() ? fallback : it->second;
}

Result<AbiOptions> TokenUri::abi() const {
  AbiOptions options;
  if (has("ulong")) {
    GMSEAL_ASSIGN_OR_RETURN(options.ulong_bits, small_number(get("ulong"), "ulong"));
  }
  if (has("bool")) {
    GMSEAL_ASSIGN_OR_RETURN(options.bool_bits, small_number(get("bool"), "bool"));
  }
  if (has("pack")) {
    const std::string pack = get("pack");
    if (pack != "1" && pack != "natural") {
      return make_error("keys.uri.bad_value", "'pack' must be 1 or natural", "pack");
    }
    options.packed = pack == "1";
  }
  if (has("ecc")) {
    GMSEAL_ASSIGN_OR_RETURN(const unsigned bits, small_number(get("ecc"), "ecc"));
    options.ecc_field_bytes = bits / 8;
  }
  if (auto status = options.validate(); !status.ok()) {
    return make_error("keys.uri.bad_value", status.error().message, status.error().field);
  }
  return options;
}

std::string TokenUri::to_display_string() const {
  std::string out = scheme + ":";
  bool first = true;
  for (const auto& [key, value] : params) {
    out += (first ? "" : ";") + key + "=" + (key == "pin" ? std::string("***") : value);
    first = false;
  }
  return out;
}

}  // namespace gmseal::keys
