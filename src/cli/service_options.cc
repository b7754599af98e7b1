#include "cli/service_options.h"

#include <cstdlib>
#include <stdexcept>

namespace gmseal::cli {

Result<std::pair<std::string, int>> parse_listen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos)
    return make_error("cli.usage", "--listen must be HOST:PORT", "listen");
  try {
    const int port = std::stoi(text.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    return std::make_pair(text.substr(0, colon), port);
  } catch (const std::exception&) {
    return make_error("cli.usage", "--listen port must be a number 0-65535", "listen");
  }
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

}  // namespace gmseal::cli
