#include "validate/seal_code.h"

#include <utility>

#include "crypto/random.h"

namespace gmseal::validate {

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error seal_code_error(std::string code, std::string message) {
  return make_error(std::move(code), std::move(message), "sealNum");
}

}  // namespace

Result<SealCode> SealCode::parse(std::string_view text, const RegionCodes& codes) {
  std::size_t initials = 0;
  while (initials < text.size() && is_upper(text[initials])) ++initials;
  const std::string_view digits = text.substr(initials);
  bool all_digits = digits.size() == kRegionDigits + kSerialDigits;
  for (const char c : digits) all_digits = all_digits && is_digit(c);
  if (initials < kMinInitials || initials > kMaxInitials || !all_digits) {
    return seal_code_error("validate.seal_code.format",
                           "seal code must be 2-10 upper-case vendor initials, a 6-digit region "
                           "code and an 8-digit code (e.g. XXCA11010800000001), got '" +
                               std::string(text) + "'");
  }
  SealCode code(std::string(text), initials);
  if (auto s = check_region_code(code.region(), codes, "sealNum"); !s.ok()) {
    return seal_code_error("validate.seal_code.region",
                           "seal code '" + std::string(text) + "': " + s.error().message);
  }
  return code;
}

Result<SealCode> SealCode::make(std::string_view initials, std::string_view region,
                                std::string_view serial, const RegionCodes& codes) {
  std::string text;
  text.reserve(initials.size() + region.size() + serial.size());
  text.append(initials).append(region).append(serial);
  // One check for both ways in; a part that strays into its neighbour (initials with a digit, a
  // five-digit region) leaves a whole that is not the format, so parse catches it too.
  GMSEAL_ASSIGN_OR_RETURN(SealCode code, parse(text, codes));
  if (code.initials() != initials || code.region() != region) {
    return seal_code_error("validate.seal_code.format",
                           "seal code parts '" + std::string(initials) + "', '" +
                               std::string(region) + "', '" + std::string(serial) +
                               "' are not initials, a 6-digit region code and an 8-digit code");
  }
  return code;
}

Result<SealCode> SealCode::random(std::string_view initials, std::string_view region,
                                  const RegionCodes& codes) {
  return make(initials, region, crypto::random_string(kSerialDigits, "0123456789"), codes);
}

std::string_view SealCode::initials() const { return std::string_view(text_).substr(0, initials_); }

std::string_view SealCode::region() const {
  return std::string_view(text_).substr(initials_, kRegionDigits);
}

std::string_view SealCode::serial() const {
  return std::string_view(text_).substr(initials_ + kRegionDigits);
}

}  // namespace gmseal::validate
