// What the platform needs from the provincial first-level platform. The implementation speaks
// the provincial protocol (signed envelopes) over HTTP; errors say whether a retry can help.
#pragma once

#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::server {

// Appendix 2 data for one seal, as strings on the wire.
struct SealMakingRequestData {
  std::string seal_name, seal_num, category, height_mm, width_mm, image_base64, valid_start,
      valid_end, sign_cert_base64, bak_type, carrier, local_or = "N", seal_type = "PNG", org_code;
};

// Status changes the platform reports (the province's status service).
enum class ProvinceStatusChange { kFreeze, kUnfreeze, kLoss, kCancel };

// The province's list of seals that are not valid (its revocation list), with a version that
// moves whenever a status changes there.
struct ProvinceStatusList {
  struct Entry {
    std::string seal_code;
    std::string status;       // frozen, lost, cancelled, revoked
    std::string status_time;  // yyyy-MM-dd HH:mm:ss (Beijing time)
  };
  std::string version;
  std::vector<Entry> entries;
};

class ProvinceGateway {
 public:
  virtual ~ProvinceGateway() = default;
  // Errors: province.unavailable (network, 5xx, bad reply signature: retry later),
  // province.rejected (the province refused the request: do not retry; message has its code).
  // `retry` says an earlier attempt with the same transId may have reached the province (an
  // "already done" answer then counts as success).
  virtual Result<std::string> make_seal(const SealMakingRequestData& data,
                                        const std::string& trans_id, bool retry) = 0;
  // The DER seal.
  virtual Result<Bytes> download_seal(const std::string& seal_code, const std::string& carrier,
                                      const std::string& trans_id, bool retry) = 0;
  virtual Status revoke_seal(const std::string& seal_code, const std::string& reason,
                             const std::string& trans_id, bool retry) = 0;
  virtual Status change_status(const std::string& seal_code, ProvinceStatusChange change,
                               const std::string& trans_id, bool retry) = 0;
  // The province's published status of a seal ("valid", "frozen", "revoked", ...).
  virtual Result<std::string> query_status(const std::string& seal_code) = 0;
  // Errors: province.unavailable.
  virtual Result<ProvinceStatusList> status_list() = 0;
};

}  // namespace gmseal::server
