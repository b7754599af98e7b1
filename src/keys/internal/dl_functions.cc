#include "keys/internal/dl_functions.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>

namespace gmseal::keys::internal {

void close_library(void* handle) {
  // Libraries are opened RTLD_NODELETE: this drops the handle, the code stays mapped.
  ::dlclose(handle);
}

Result<ResolvedLibrary> resolve_library(const std::string& path, std::string_view kind,
                                        const std::vector<std::string_view>& names,
                                        const std::vector<int>& required) {
  std::string upper(kind);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const std::string prefix = "keys." + std::string(kind);
  // RTLD_NODELETE: keys and signatures made through the library (OpenSSL objects carrying the
  // library's callbacks) may outlive the handle; unmapping the code under them crashes the
  // process when they are freed (seen in the release build's UKey station test).
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return make_error(prefix + ".load_failed", "cannot load " + upper + " library '" + path +
                                                   "': " + (why != nullptr ? why : "unknown"));
  }
  ResolvedLibrary resolved;
  resolved.handle = handle;
  std::vector<std::string> missing_required;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string name(names[i]);
    void* fn = ::dlsym(handle, name.c_str());
    resolved.functions.push_back(fn);
    if (fn != nullptr) continue;
    const bool is_required =
        std::find(required.begin(), required.end(), static_cast<int>(i)) != required.end();
    (is_required ? missing_required : resolved.missing_optional).push_back(name);
  }
  if (!missing_required.empty()) {
    close_library(handle);
    std::string list;
    for (const auto& name : missing_required) list += (list.empty() ? "" : ", ") + name;
    return make_error(prefix + ".missing_functions",
                      "'" + path + "' is not a usable " + upper + " library: it lacks " + list);
  }
  return resolved;
}

}  // namespace gmseal::keys::internal
