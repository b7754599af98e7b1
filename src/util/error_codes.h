// The registry of gmseal error codes: every stable code a gmseal::Error may carry, the HTTP
// status the platform API answers it with, and its one-line meaning. docs/error-codes.md is
// generated from it (`gmseal error-codes`); tests fail when the document is stale or when src/
// uses a code the registry lacks.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gmseal {

struct ErrorCodeInfo {
  std::string_view code;
  int http_status;
  std::string_view meaning;
};

// All codes, sorted by code.
std::span<const ErrorCodeInfo> error_codes();

// The registry entry for `code`, or nullptr.
const ErrorCodeInfo* find_error_code(std::string_view code);

// The HTTP status for `code` from the registry; 500 for a code the registry lacks.
int http_status_for_code(std::string_view code);

// docs/error-codes.md: one table per family (the code's first segment).
std::string error_codes_markdown();

}  // namespace gmseal
