#include "province/province_config.h"

#include <toml++/toml.h>

#include <sstream>

#include "util/file_io.h"

namespace gmseal::province {

Result<ProvinceConfig> ProvinceConfig::load(const std::filesystem::path& path) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  toml::table table;
  try {
    table = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    return make_error("province.config.invalid",
                      path.string() + ": " + std::string(e.description()));
  }
  ProvinceConfig config;
  config.org_code = table["org_code"].value_or(config.org_code);
  config.org_name = table["org_name"].value_or(config.org_name);
  config.service_address = table["service_address"].value_or(config.service_address);
  config.base_path = table["base_path"].value_or(config.base_path);
  config.vid = table["vid"].value_or(config.vid);
  const std::string rule =
      table["signing_rule"].value_or(std::string(protocol::to_string(config.signing_rule)));
  auto parsed_rule = protocol::parse_signing_rule(rule);
  if (!parsed_rule.ok()) {
    return make_error("province.config.invalid", parsed_rule.error().message, "signing_rule");
  }
  config.signing_rule = *parsed_rule;
  config.replay_window_seconds =
      table["replay_window_seconds"].value_or(config.replay_window_seconds);
  config.revocation_list_hours =
      table["revocation_list_hours"].value_or(config.revocation_list_hours);
  if (config.replay_window_seconds <= 0 || config.revocation_list_hours <= 0) {
    return make_error("province.config.invalid",
                      "replay_window_seconds and revocation_list_hours must be positive");
  }
  if (config.base_path.empty() || config.base_path.front() != '/') {
    return make_error("province.config.invalid", "base_path must start with '/'", "base_path");
  }
  return config;
}

Status ProvinceConfig::save(const std::filesystem::path& path) const {
  toml::table table{
      {"org_code", org_code},
      {"org_name", org_name},
      {"service_address", service_address},
      {"base_path", base_path},
      {"vid", vid},
      {"signing_rule", std::string(protocol::to_string(signing_rule))},
      {"replay_window_seconds", replay_window_seconds},
      {"revocation_list_hours", revocation_list_hours},
  };
  std::ostringstream out;
  out << "# gmseal province emulator settings (see src/province/province_config.h)\n"
      << table << "\n";
  return write_file_atomic(path, out.str());
}

}  // namespace gmseal::province
