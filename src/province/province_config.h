// province.toml: the settings of one emulated provincial platform (first level).
//
//   org_code = "PROV0001"                 # the province's organisation code (systemInfo)
//   org_name = "省级电子印章平台（gmseal 模拟）"
//   service_address = "http://127.0.0.1:8700/anysign-ess-server-service"
//   base_path = "/anysign-ess-server-service"
//   vid = "GMSEAL"                        # vendor id in registration packages and seals
//   signing_rule = "jcs"                  # protocol::SigningRule
//   replay_window_seconds = 86400         # tokenInfo / transId reuse window
//   revocation_list_hours = 24            # nextUpdate of the published revocation list
#pragma once

#include <filesystem>
#include <string>

#include "protocol/envelope.h"
#include "protocol/messages.h"
#include "util/error.h"

namespace gmseal::province {

struct ProvinceConfig {
  std::string org_code = "PROV0001";
  std::string org_name = "省级电子印章平台（gmseal 模拟）";
  std::string service_address = "http://127.0.0.1:8700/anysign-ess-server-service";
  std::string base_path = std::string(protocol::kDefaultBasePath);
  std::string vid = "GMSEAL";
  protocol::SigningRule signing_rule = protocol::SigningRule::kJcs;
  long long replay_window_seconds = 86400;
  long long revocation_list_hours = 24;

  // Errors: province.config.invalid (with the key), io.read_failed.
  static Result<ProvinceConfig> load(const std::filesystem::path& path);
  Status save(const std::filesystem::path& path) const;
};

}  // namespace gmseal::province
