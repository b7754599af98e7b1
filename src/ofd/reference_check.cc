#include "ofd/reference_check.h"

#include "ofd/path.h"

namespace gmseal::ofd {

bool ReferenceReport::all_match() const {
  if (!method_known || results.empty()) return false;
  for (const ReferenceResult& result : results) {
    if (result.status != ReferenceStatus::kMatch) return false;
  }
  return true;
}

std::string ReferenceReport::failures() const {
  std::string mismatch;
  std::string missing;
  std::string bad;
  for (const ReferenceResult& result : results) {
    const std::string& name = result.path.empty() ? result.file_ref : result.path;
    std::string* list = result.status == ReferenceStatus::kMismatch        ? &mismatch
                        : result.status == ReferenceStatus::kMissing       ? &missing
                        : result.status == ReferenceStatus::kBadCheckValue ? &bad
                                                                           : nullptr;
    if (list == nullptr) continue;
    if (!list->empty()) *list += ", ";
    *list += name;
  }
  std::string out;
  const auto add = [&out](const char* label, const std::string& list) {
    if (list.empty()) return;
    if (!out.empty()) out += "; ";
    out += label + std::string(": ") + list;
  };
  add("changed after signing", mismatch);
  add("missing", missing);
  add("unreadable reference", bad);
  return out;
}

ReferenceReport check_references(const Package& package, const SignatureXml& signature,
                                 const std::set<std::string>& exempt) {
  ReferenceReport report;
  auto method = parse_check_method(signature.check_method);
  report.method_known = method.ok();
  if (method.ok()) report.method = *method;
  std::set<std::string> referenced;
  for (const Reference& reference : signature.references) {
    ReferenceResult result;
    result.file_ref = reference.file_ref;
    auto path = resolve_loc(reference.file_ref, "/");
    auto expected = base64_decode(reference.check_value);
    if (!path.ok() || !expected.ok() || expected->empty()) {
      result.status = ReferenceStatus::kBadCheckValue;
      if (path.ok()) result.path = *path;
    } else {
      const PackageEntry* entry = package.find(*path);
      result.path = entry != nullptr ? entry->path : *path;
      referenced.insert(result.path);
      if (entry == nullptr) {
        result.status = ReferenceStatus::kMissing;
      } else if (!method.ok()) {
        result.status = ReferenceStatus::kBadCheckValue;
      } else {
        result.status = compute_digest(method->algorithm, entry->data) == *expected
                            ? ReferenceStatus::kMatch
                            : ReferenceStatus::kMismatch;
      }
    }
    report.results.push_back(std::move(result));
  }
  for (const PackageEntry& entry : package.entries()) {
    if (referenced.count(entry.path) == 0 && exempt.count(entry.path) == 0) {
      report.unreferenced.push_back(entry.path);
    }
  }
  return report;
}

}  // namespace gmseal::ofd
