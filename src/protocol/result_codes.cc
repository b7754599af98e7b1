#include "protocol/result_codes.h"

namespace gmseal::protocol {

const std::vector<ResultCodeEntry>& result_code_table() {
  // First match wins, so exact codes come before the prefixes that contain them.
  static const std::vector<ResultCodeEntry> table = {
      {"1003", "unsupported taskCode, version or taskTypeCode",
       "protocol.message.bad_task_code,protocol.message.bad_version,"
       "protocol.message.bad_task_type_code"},
      {"3007", "bakType, sealCarrier, localOr or sealType not in the table",
       "validate.bak_type.,validate.seal_carrier.,validate.local_or.,validate.seal_type.,"
       "protocol.message.carrier_mismatch"},
      {"1001", "malformed message: not JSON, missing or mistyped member",
       "protocol.json.,protocol.message."},
      {"1002", "strict mode: a form only the samples show (not the tables)",
       "province.strict.deviation"},
      {"2001", "unknown system: initiatorCert is not a registered system certificate",
       "province.system.unknown,protocol.envelope.bad_initiator_cert"},
      {"2002", "signInfo missing or the signature does not verify", "protocol.envelope."},
      {"2003", "replayed tokenInfo or transId", "province.replay"},
      {"3001", "sealNum: bad shape or unknown GB/T 2260 region",
       "validate.seal_code.,validate.region."},
      {"3002", "sealSpecificCategory not 01-05", "validate.seal_category."},
      {"3003", "sealHeight / sealWidth", "validate.seal_size."},
      {"3004", "sealImg: not PNG, not 2 colours, not 600 DPI or over 25 KB", "validate.image."},
      {"3005", "validStartTime / validEndTime format or order", "validate.time."},
      {"3006", "signCert: not a GM/T 0015 signing certificate valid now", "validate.sign_cert."},
      {"3008", "orgCode differs from the registration package", "validate.org_code."},
      {"3009", "sealName empty or too long", "validate.seal_name."},
      {"4001", "seal code already used", "province.seal.exists"},
      {"4002", "signer certificate already serves another seal", "province.seal.cert_in_use"},
      {"4003", "no such seal", "province.seal.not_found"},
      {"4004", "the seal belongs to another system", "province.seal.not_owner"},
      {"4005", "the seal's status does not allow this operation", "province.seal.bad_state"},
      {"5000", "internal error of the first-level platform", ""},
  };
  return table;
}

std::string result_code_for(const Error& error) {
  for (const auto& entry : result_code_table()) {
    std::string_view list = entry.error_prefixes;
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      const std::string_view item = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      const bool prefix = !item.empty() && item.back() == '.';
      if (prefix ? error.code.compare(0, item.size(), item) == 0 : error.code == item) {
        return std::string(entry.result_code);
      }
    }
  }
  return "5000";
}

std::string result_message_for(const Error& error) {
  return error.message + " [" + error.code + "]";
}

}  // namespace gmseal::protocol
