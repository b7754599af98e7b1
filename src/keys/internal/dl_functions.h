// dlopen of a vendor device library (SKF or SDF) and resolution of its standard function table:
// every name is looked up; required ones missing refuse the library, optional ones missing are
// reported (calling them later gives keys.<kind>.function_missing).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace gmseal::keys::internal {

struct ResolvedLibrary {
  void* handle = nullptr;
  std::vector<void*> functions;  // in the order of the names; null when missing
  std::vector<std::string> missing_optional;
};

// `kind` is "skf" or "sdf" (error codes keys.<kind>.load_failed / keys.<kind>.missing_functions).
Result<ResolvedLibrary> resolve_library(const std::string& path, std::string_view kind,
                                        const std::vector<std::string_view>& names,
                                        const std::vector<int>& required);

// Copies the resolved pointers into the fixed-size table the API wrappers take.
template <std::size_t N>
std::array<void*, N> function_table(const ResolvedLibrary& resolved) {
  std::array<void*, N> table{};
  for (std::size_t i = 0; i < N && i < resolved.functions.size(); ++i) {
    table[i] = resolved.functions[i];
  }
  return table;
}

}  // namespace gmseal::keys::internal
