#include "ses/verify_report.h"

namespace gmseal::ses {

std::string_view to_string(CheckResult result) {
  switch (result) {
    case CheckResult::kPass:
      return "pass";
    case CheckResult::kFail:
      return "fail";
    case CheckResult::kWarn:
      return "warn";
    case CheckResult::kSkip:
      return "skip";
  }
  return "fail";
}

void VerifyReport::add(std::string_view name, CheckResult result, std::string detail,
                       std::string field) {
  checks_.push_back(Check{std::string(name), result, std::move(detail), std::move(field)});
}

void VerifyReport::merge(const VerifyReport& other, std::string_view prefix) {
  for (const Check& check : other.checks_) {
    Check copy = check;
    copy.name = std::string(prefix) + copy.name;
    checks_.push_back(std::move(copy));
  }
  trusted_ = trusted_ && other.trusted_;
}

bool VerifyReport::valid() const {
  for (const Check& check : checks_) {
    if (check.result == CheckResult::kFail) return false;
  }
  return true;
}

const Check* VerifyReport::find(std::string_view name) const {
  for (const Check& check : checks_) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

bool VerifyReport::has(std::string_view name, CheckResult result) const {
  for (const Check& check : checks_) {
    if (check.name == name && check.result == result) return true;
  }
  return false;
}

std::vector<std::string> VerifyReport::failed() const {
  std::vector<std::string> names;
  for (const Check& check : checks_) {
    if (check.result == CheckResult::kFail) names.push_back(check.name);
  }
  return names;
}

}  // namespace gmseal::ses
