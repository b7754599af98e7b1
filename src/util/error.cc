#include "util/error.h"

namespace gmseal {

std::string Error::to_string() const {
  std::string out = code + ": " + message;
  if (!field.empty()) out += " [" + field + "]";
  return out;
}

Error make_error(std::string code, std::string message, std::string field) {
  return Error{std::move(code), std::move(message), std::move(field)};
}

}  // namespace gmseal
