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
// dlclose of the handle. Libraries are opened RTLD_NODELETE, so their code stays mapped until the
// process ends: objects made through a library may outlive its handle, and the sanitizer
// runtime's exit-time work (leak reports, coverage) never reaches unmapped code.
void close_library(void* handle);

Result<ResolvedLibrary> resolve_library(const std::string& path, std::string_view kind,
                                        const std::vector<std::string_view>& names,
                                        const std::vector<int>& required);

// The same for a standard function table: `names` indexed by the enum `Fn`, `required` the
// functions the library cannot do without.
template <typename Fn, std::size_t N>
struct ResolvedTable {
  void* handle = nullptr;
  std::array<void*, N> functions{};
  std::vector<std::string> missing_optional;
};

template <typename Fn, std::size_t N>
Result<ResolvedTable<Fn, N>> resolve_table(const std::string& path, std::string_view kind,
                                           const std::array<std::string_view, N>& names,
                                           const std::vector<Fn>& required) {
  std::vector<int> required_indices;
  for (const Fn fn : required) required_indices.push_back(static_cast<int>(fn));
  GMSEAL_ASSIGN_OR_RETURN(
      ResolvedLibrary resolved,
      resolve_library(path, kind, std::vector<std::string_view>(names.begin(), names.end()),
                      required_indices));
  ResolvedTable<Fn, N> table;
  table.handle = resolved.handle;
  for (std::size_t i = 0; i < N; ++i) table.functions[i] = resolved.functions[i];
  table.missing_optional = std::move(resolved.missing_optional);
  return table;
}

}  // namespace gmseal::keys::internal
