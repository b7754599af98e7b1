// Template part of pdf/document.h.
#pragma once

#include <exception>

namespace gmseal::pdf {

template <typename F>
auto guard_qpdf(const std::string& code, const std::string& what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return make_error(code, what + ": " + e.what());
  }
}

}  // namespace gmseal::pdf
