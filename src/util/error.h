// gmseal::Error and gmseal::Result<T>: the one error type of libgmseal.
//
// An Error carries a stable dotted code (`crypto.pem.bad_password`, `ses.seal.bad_version`) that
// programs branch on, a human message that says what/where/why (may be reworded), and the
// offending field where one applies. Untrusted input yields Result<T>; exceptions are reserved for
// broken invariants and never cross a C ABI.
#pragma once

#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace gmseal {

struct Error {
  std::string code;
  std::string message;
  std::string field;

  // "code: message [field]" for logs and CLI output.
  std::string to_string() const;
};

// Builds an Error; `field` is optional.
Error make_error(std::string code, std::string message, std::string field = {});

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok(). Calling these on an error is a programming error and aborts.
  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(checked()); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const Error& error() const { return std::get<1>(state_); }

 private:
  T& checked() {
    if (!ok()) std::abort();
    return std::get<0>(state_);
  }
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace gmseal

#define GMSEAL_CONCAT_INNER(a, b) a##b
#define GMSEAL_CONCAT(a, b) GMSEAL_CONCAT_INNER(a, b)

// Evaluates `expr` (a Result); on error returns the error from the enclosing function, otherwise
// moves the value into `lhs` (which may be a declaration: `GMSEAL_ASSIGN_OR_RETURN(auto x, f())`).
#define GMSEAL_ASSIGN_OR_RETURN(lhs, expr)                  \
  auto GMSEAL_CONCAT(gmseal_result_, __LINE__) = (expr);    \
  if (!GMSEAL_CONCAT(gmseal_result_, __LINE__).ok())        \
    return GMSEAL_CONCAT(gmseal_result_, __LINE__).error(); \
  lhs = std::move(GMSEAL_CONCAT(gmseal_result_, __LINE__)).value()

// Evaluates `expr` (a Status or Result); returns its error from the enclosing function on failure.
#define GMSEAL_RETURN_IF_ERROR(expr)                         \
  do {                                                       \
    auto gmseal_status_ = (expr);                            \
    if (!gmseal_status_.ok()) return gmseal_status_.error(); \
  } while (false)
