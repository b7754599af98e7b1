// Configuration of the second-level platform (gmseal server). Defaults suit `--demo`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "util/bytes.h"

namespace gmseal::server {

// The UKey issuing station (server/ukey/ukey_station.h, docs/keys.md).
struct UkeyStationConfig {
  std::string library;              // the SKF library; empty: the platform has no station
  std::filesystem::path soft_root;  // set: gmseal's soft UKey, blank devices are made here
  Bytes device_auth_key;            // vendor blanks' device-authentication key (16 bytes)
  std::uint32_t admin_retries = 10;
  std::uint32_t user_retries = 6;
};

struct PlatformConfig {
  std::filesystem::path data_dir;  // keys, CA, database (SQLite) live here
  std::string db_url;              // empty: sqlite://<data_dir>/gmseal.db
  std::string listen_host = "127.0.0.1";
  int listen_port = 8600;
  std::string vendor_initials = "GMSL";  // seal codes: initials + region + 8 random digits
  std::string platform_name = "gmseal 二级印章平台";
  std::string org_code;      // appendix 2 orgCode; from the registration package
  std::string province_url;  // root URL of the first-level platform
  std::string province_base_path = "/anysign-ess-server-service";
  std::filesystem::path registration_file;
  std::string admin_user;      // first admin (GMSEAL_ADMIN_USER)
  std::string admin_password;  // (GMSEAL_ADMIN_PASSWORD)
  std::chrono::seconds session_lifetime{12 * 3600};
  std::chrono::milliseconds worker_interval{200};
  // How long a node may work on an outbox item before another node (or this one, restarted)
  // takes it over: longer than the slowest provincial call.
  std::chrono::seconds outbox_lease{60};
  // How often the worker pulls the province's status changes (0: never).
  std::chrono::seconds status_sync_interval{30};
  int http_threads = 8;
  bool run_worker = true;
  UkeyStationConfig ukey_station;
  // Song font for POST /api/v1/seal-images (--seal-font; empty: the Debian default).
  std::string seal_font;
};

}  // namespace gmseal::server
