// The seal code (印章编号, appendix 2 `sealNum`, `yzbm` on the status wire): vendor initials + the
// six-digit GB/T 2260 region code of the unit + an eight-digit code chosen by the vendor, e.g.
// XXCA11010800000001. Initials are 2-10 upper-case ASCII letters. This type is the one place that
// knows the format: the platform and the access-test kit build codes with `random`, both sides of
// the provincial protocol check them with `parse`, and the HTTP routes that take a code in their
// path use `kRoutePattern`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "util/error.h"
#include "validate/region_code.h"

namespace gmseal::validate {

class SealCode {
 public:
  static constexpr std::size_t kMinInitials = 2;
  static constexpr std::size_t kMaxInitials = 10;
  static constexpr std::size_t kRegionDigits = 6;
  static constexpr std::size_t kSerialDigits = 8;
  // The shape as one regular-expression capture group, for route patterns
  // ("/api/v1/seals/" + kRoutePattern). It checks no region: a handler that looks the code up
  // answers an unknown one as not found.
  static constexpr std::string_view kRoutePattern = "([A-Z]{2,10}[0-9]{14})";

  // Errors (field sealNum): validate.seal_code.format (not initials + 14 digits),
  // validate.seal_code.region (the region is not in `codes`).
  static Result<SealCode> parse(std::string_view text,
                                const RegionCodes& codes = RegionCodes::builtin());
  // The code of `initials` + `region` + `serial`, checked as `parse` checks it (same errors).
  static Result<SealCode> make(std::string_view initials, std::string_view region,
                               std::string_view serial,
                               const RegionCodes& codes = RegionCodes::builtin());
  // A new code: `initials` + `region` + eight random digits (same errors as `make`).
  static Result<SealCode> random(std::string_view initials, std::string_view region,
                                 const RegionCodes& codes = RegionCodes::builtin());

  const std::string& text() const { return text_; }  // "XXCA11010800000001"
  std::string_view initials() const;                 // "XXCA"
  std::string_view region() const;                   // "110108"
  std::string_view serial() const;                   // "00000001"

  friend bool operator==(const SealCode&, const SealCode&) = default;

 private:
  SealCode(std::string text, std::size_t initials) : text_(std::move(text)), initials_(initials) {}

  std::string text_;
  std::size_t initials_ = 0;  // length of the initials
};

}  // namespace gmseal::validate
