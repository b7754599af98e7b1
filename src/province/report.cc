#include "province/report.h"

#include <map>
#include <sstream>

#include "protocol/canonical_json.h"

namespace gmseal::province {

namespace {
void shorten(protocol::Json& value, std::size_t limit) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() > limit) {
      value = text.substr(0, limit) + "... (" + std::to_string(text.size()) + " chars)";
    }
  } else if (value.is_structured()) {
    for (auto& child : value) shorten(child, limit);
  }
}
}  // namespace

std::string abbreviate_json(const std::string& body, std::size_t limit) {
  auto parsed = protocol::parse_json(body);
  if (!parsed.ok()) {
    return body.size() > limit * 4 ? body.substr(0, limit * 4) + "... (not JSON)" : body;
  }
  shorten(*parsed, limit);
  return parsed->dump(2);
}

Result<std::string> strict_report(Store& store) {
  GMSEAL_ASSIGN_OR_RETURN(const auto requests, store.requests());
  std::map<std::string, std::vector<const RequestLog*>> by_interface;
  for (const auto& entry : requests) by_interface[entry.interface_name].push_back(&entry);
  std::ostringstream out;
  out << "gmseal province report: " << requests.size() << " request(s) logged in strict mode\n";
  if (requests.empty()) {
    out << "(start the emulator with `gmseal province serve --strict` and connect a platform)\n";
  }
  for (const auto& [name, entries] : by_interface) {
    std::size_t accepted = 0;
    std::map<std::string, std::size_t> rule_counts;
    for (const auto* entry : entries) {
      if (entry->result_code == "0") ++accepted;
      for (const auto& violation : entry->violations) {
        ++rule_counts[violation.substr(0, violation.find(':'))];
      }
    }
    out << "\n== " << name << ": " << entries.size() << " request(s), " << accepted << " accepted, "
        << entries.size() - accepted << " refused\n";
    if (!rule_counts.empty()) {
      out << "rules broken (times):\n";
      for (const auto& [rule, count] : rule_counts) out << "  " << rule << " (" << count << ")\n";
    }
    for (const auto* entry : entries) {
      out << "\n-- #" << entry->id << " at " << format_iso8601(entry->at) << " from "
          << entry->remote << (entry->org_code.empty() ? "" : " org " + entry->org_code)
          << ": resultCode " << entry->result_code << "\n";
      for (const auto& violation : entry->violations) out << "   broke " << violation << "\n";
      out << "   sent:\n";
      std::istringstream body(abbreviate_json(entry->body));
      for (std::string line; std::getline(body, line);) out << "     " << line << "\n";
    }
  }
  return out.str();
}

}  // namespace gmseal::province
