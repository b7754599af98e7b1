#include "keys/device_errors.h"

#include <array>
#include <cstdio>

namespace gmseal::keys {

namespace {

struct CodeInfo {
  std::uint32_t value;
  std::string_view name;
  std::string_view code;  // gmseal error code
  std::string_view meaning;
};

// GM/T 0016-2012 appendix A.
constexpr std::array kSkfCodes = {
    CodeInfo{0x0A000001, "SAR_FAIL", "keys.skf.failed", "the operation failed"},
    CodeInfo{0x0A000002, "SAR_UNKNOWNERR", "keys.skf.unknown_error", "unknown error"},
    CodeInfo{0x0A000003, "SAR_NOTSUPPORTYETERR", "keys.skf.not_supported",
             "the device does not support this"},
    CodeInfo{0x0A000004, "SAR_FILEERR", "keys.skf.file_error", "file operation error"},
    CodeInfo{0x0A000005, "SAR_INVALIDHANDLEERR", "keys.skf.invalid_handle",
             "the handle is invalid"},
    CodeInfo{0x0A000006, "SAR_INVALIDPARAMERR", "keys.skf.bad_param", "a parameter is invalid"},
    CodeInfo{0x0A000007, "SAR_READFILEERR", "keys.skf.read_failed", "reading the file failed"},
    CodeInfo{0x0A000008, "SAR_WRITEFILEERR", "keys.skf.write_failed", "writing the file failed"},
    CodeInfo{0x0A000009, "SAR_NAMELENERR", "keys.skf.bad_name", "a name has the wrong length"},
    CodeInfo{0x0A00000A, "SAR_KEYUSAGEERR", "keys.skf.key_usage", "the key may not be used so"},
    CodeInfo{0x0A00000B, "SAR_MODULUSLENERR", "keys.skf.modulus_length", "wrong modulus length"},
    CodeInfo{0x0A00000C, "SAR_NOTINITIALIZEERR", "keys.skf.not_initialized", "not initialised"},
    CodeInfo{0x0A00000D, "SAR_OBJERR", "keys.skf.object_error", "object error"},
    CodeInfo{0x0A00000E, "SAR_MEMORYERR", "keys.skf.memory", "out of memory"},
    CodeInfo{0x0A00000F, "SAR_TIMEOUTERR", "keys.skf.timeout", "timed out"},
    CodeInfo{0x0A000010, "SAR_INDATALENERR", "keys.skf.bad_input_length",
             "the input has the wrong length"},
    CodeInfo{0x0A000011, "SAR_INDATAERR", "keys.skf.bad_input", "the input data is wrong"},
    CodeInfo{0x0A000012, "SAR_GENRANDERR", "keys.skf.random_failed", "random generation failed"},
    CodeInfo{0x0A000013, "SAR_HASHOBJERR", "keys.skf.hash_object", "hash object error"},
    CodeInfo{0x0A000014, "SAR_HASHERR", "keys.skf.hash_failed", "hashing failed"},
    CodeInfo{0x0A000015, "SAR_GENRSAKEYERR", "keys.skf.rsa_keygen", "RSA key generation failed"},
    CodeInfo{0x0A000016, "SAR_RSAMODULUSLENERR", "keys.skf.rsa_modulus", "wrong RSA modulus"},
    CodeInfo{0x0A000017, "SAR_CSPIMPRTPUBKEYERR", "keys.skf.import_public_key",
             "importing the public key failed"},
    CodeInfo{0x0A000018, "SAR_RSAENCERR", "keys.skf.rsa_encrypt", "RSA encryption failed"},
    CodeInfo{0x0A000019, "SAR_RSADECERR", "keys.skf.rsa_decrypt", "RSA decryption failed"},
    CodeInfo{0x0A00001A, "SAR_HASHNOTEQUALERR", "keys.skf.hash_mismatch",
             "the hash values differ (signature does not verify)"},
    CodeInfo{0x0A00001B, "SAR_KEYNOTFOUNTERR", "keys.skf.key_not_found", "no such key"},
    CodeInfo{0x0A00001C, "SAR_CERTNOTFOUNTERR", "keys.skf.cert_not_found", "no such certificate"},
    CodeInfo{0x0A00001D, "SAR_NOTEXPORTERR", "keys.skf.not_exportable", "may not be exported"},
    CodeInfo{0x0A00001E, "SAR_DECRYPTPADERR", "keys.skf.bad_padding", "bad padding"},
    CodeInfo{0x0A00001F, "SAR_MACLENERR", "keys.skf.mac_length", "wrong MAC length"},
    CodeInfo{0x0A000020, "SAR_BUFFER_TOO_SMALL", "keys.skf.buffer_too_small",
             "the output buffer is too small"},
    CodeInfo{0x0A000021, "SAR_KEYINFOTYPEERR", "keys.skf.key_type", "wrong key type"},
    CodeInfo{0x0A000022, "SAR_NOT_EVENTERR", "keys.skf.no_event", "no event"},
    CodeInfo{0x0A000023, "SAR_DEVICE_REMOVED", "keys.skf.device_removed", "the device was removed"},
    CodeInfo{0x0A000024, "SAR_PIN_INCORRECT", "keys.skf.pin_incorrect", "the PIN is wrong"},
    CodeInfo{0x0A000025, "SAR_PIN_LOCKED", "keys.skf.pin_locked",
             "the PIN is locked (unblock it with the admin PIN)"},
    CodeInfo{0x0A000026, "SAR_PIN_INVALID", "keys.skf.pin_invalid", "the PIN is not valid"},
    CodeInfo{0x0A000027, "SAR_PIN_LEN_RANGE", "keys.skf.pin_length",
             "the PIN length is out of range"},
    CodeInfo{0x0A000028, "SAR_USER_ALREADY_LOGGED_IN", "keys.skf.already_logged_in",
             "already logged in"},
    CodeInfo{0x0A000029, "SAR_USER_PIN_NOT_INITIALIZED", "keys.skf.pin_not_initialized",
             "the user PIN is not initialised"},
    CodeInfo{0x0A00002A, "SAR_USER_TYPE_INVALID", "keys.skf.bad_pin_type", "bad PIN type"},
    CodeInfo{0x0A00002B, "SAR_APPLICATION_NAME_INVALID", "keys.skf.bad_app_name",
             "bad application name"},
    CodeInfo{0x0A00002C, "SAR_APPLICATION_EXISTS", "keys.skf.app_exists",
             "the application already exists"},
    CodeInfo{0x0A00002D, "SAR_USER_NOT_LOGGED_IN", "keys.skf.not_logged_in",
             "the PIN has not been verified"},
    CodeInfo{0x0A00002E, "SAR_APPLICATION_NOT_EXISTS", "keys.skf.app_not_found",
             "no such application"},
    CodeInfo{0x0A00002F, "SAR_FILE_ALREADY_EXIST", "keys.skf.file_exists",
             "the file already exists"},
    CodeInfo{0x0A000030, "SAR_NO_ROOM", "keys.skf.no_room", "the device is full"},
    CodeInfo{0x0A000031, "SAR_FILE_NOT_EXIST", "keys.skf.file_not_found", "no such file"},
};

// GM/T 0018-2012 appendix A.
constexpr std::array kSdfCodes = {
    CodeInfo{0x01000001, "SDR_UNKNOWERR", "keys.sdf.unknown_error", "unknown error"},
    CodeInfo{0x01000002, "SDR_NOTSUPPORT", "keys.sdf.not_supported", "not supported"},
    CodeInfo{0x01000003, "SDR_COMMFAIL", "keys.sdf.communication",
             "communication with the "
             "device failed"},
    CodeInfo{0x01000004, "SDR_HARDFAIL", "keys.sdf.hardware", "hardware failure"},
    CodeInfo{0x01000005, "SDR_OPENDEVICE", "keys.sdf.open_device", "cannot open the device"},
    CodeInfo{0x01000006, "SDR_OPENSESSION", "keys.sdf.open_session", "cannot open a session"},
    CodeInfo{0x01000007, "SDR_PARDENY", "keys.sdf.access_denied",
             "no access right to the private key"},
    CodeInfo{0x01000008, "SDR_KEYNOTEXIST", "keys.sdf.key_not_found", "no key at that index"},
    CodeInfo{0x01000009, "SDR_ALGNOTSUPPORT", "keys.sdf.algorithm", "algorithm not supported"},
    CodeInfo{0x0100000A, "SDR_ALGMODNOTSUPPORT", "keys.sdf.algorithm_mode",
             "algorithm mode not supported"},
    CodeInfo{0x0100000B, "SDR_PKOPERR", "keys.sdf.public_key_operation",
             "public-key operation failed"},
    CodeInfo{0x0100000C, "SDR_SKOPERR", "keys.sdf.private_key_operation",
             "private-key operation failed"},
    CodeInfo{0x0100000D, "SDR_SIGNERR", "keys.sdf.sign_failed", "signing failed"},
    CodeInfo{0x0100000E, "SDR_VERIFYERR", "keys.sdf.verify_failed",
             "the signature does not verify"},
    CodeInfo{0x0100000F, "SDR_SYMOPERR", "keys.sdf.symmetric", "symmetric operation failed"},
    CodeInfo{0x01000010, "SDR_STEPERR", "keys.sdf.step", "operation called out of order"},
    CodeInfo{0x01000011, "SDR_FILESIZEERR", "keys.sdf.file_too_large", "file size exceeded"},
    CodeInfo{0x01000012, "SDR_FILENOEXIST", "keys.sdf.file_not_found", "no such file"},
    CodeInfo{0x01000013, "SDR_FILEOFSERR", "keys.sdf.bad_offset", "bad file offset"},
    CodeInfo{0x01000014, "SDR_KEYTYPEERR", "keys.sdf.key_type", "wrong key type"},
    CodeInfo{0x01000015, "SDR_KEYERR", "keys.sdf.key_error", "key error"},
    CodeInfo{0x01000016, "SDR_ENCDATAERR", "keys.sdf.bad_ciphertext", "bad encrypted data"},
    CodeInfo{0x01000017, "SDR_RANDERR", "keys.sdf.random_failed", "random generation failed"},
    CodeInfo{0x01000018, "SDR_PRKRERR", "keys.sdf.wrong_password",
             "the private-key access password is wrong"},
    CodeInfo{0x01000019, "SDR_MACERR", "keys.sdf.mac_failed", "MAC failed"},
    CodeInfo{0x0100001A, "SDR_FILEEXSITS", "keys.sdf.file_exists", "the file already exists"},
    CodeInfo{0x0100001B, "SDR_FILEWERR", "keys.sdf.file_write", "writing the file failed"},
    CodeInfo{0x0100001C, "SDR_NOBUFFER", "keys.sdf.buffer_too_small", "the buffer is too small"},
    CodeInfo{0x0100001D, "SDR_INARGERR", "keys.sdf.bad_input", "bad input argument"},
    CodeInfo{0x0100001E, "SDR_OUTARGERR", "keys.sdf.bad_output", "bad output argument"},
};

template <typename Table>
const CodeInfo* find_value(const Table& table, std::uint32_t value) {
  for (const CodeInfo& info : table) {
    if (info.value == value) return &info;
  }
  return nullptr;
}

template <typename Table>
Error device_error(const Table& table, std::uint32_t code, std::string_view function,
                   std::string_view context, std::string_view vendor_code) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", code);
  std::string message;
  if (!context.empty()) message = std::string(context) + ": ";
  message += std::string(function) + " returned ";
  if (const CodeInfo* info = find_value(table, code)) {
    message += std::string(info->name) + " (" + hex + "): " + std::string(info->meaning);
    return make_error(std::string(info->code), message);
  }
  message += std::string(hex) + ", a code the standard does not define";
  return make_error(std::string(vendor_code), message);
}

// Software-token error codes that have no SAR/SDR twin of the same name.
struct Alias {
  std::string_view gmseal_code;
  std::uint32_t value;
};
constexpr std::array kSkfAliases = {
    Alias{"keys.skf.container_exists", 0x0A00002F},     // SAR_FILE_ALREADY_EXIST
    Alias{"keys.skf.container_not_found", 0x0A000031},  // SAR_FILE_NOT_EXIST
    Alias{"keys.skf.device_not_found", 0x0A000023},     // SAR_DEVICE_REMOVED
    Alias{"keys.skf.bad_offset", 0x0A000006},           // SAR_INVALIDPARAMERR
    Alias{"keys.skf.key_damaged", 0x0A00000D},          // SAR_OBJERR
    Alias{"keys.soft.corrupt", 0x0A000004},             // SAR_FILEERR
    Alias{"keys.soft.duplicate_key", 0x0A000004},
    Alias{"io.read_failed", 0x0A000007},
    Alias{"io.write_failed", 0x0A000008},
    Alias{"io.lock_failed", 0x0A000004},
    Alias{"crypto.key.bad_point", 0x0A000011},
    Alias{"crypto.sm2.bad_digest", 0x0A000010},
};
constexpr std::array kSdfAliases = {
    Alias{"keys.sdf.bad_index", 0x01000008},  // SDR_KEYNOTEXIST
    Alias{"keys.sdf.bad_name", 0x0100001D},   // SDR_INARGERR
    Alias{"keys.sdf.bad_password", 0x0100001D},
    Alias{"keys.sdf.device_not_found", 0x01000005},  // SDR_OPENDEVICE
    Alias{"keys.soft.corrupt", 0x01000004},          // SDR_HARDFAIL
    Alias{"io.read_failed", 0x01000004},
    Alias{"io.write_failed", 0x0100001B},
    Alias{"io.lock_failed", 0x01000004},
};

template <typename Table, typename Aliases>
std::uint32_t code_for(const Table& table, const Aliases& aliases, std::string_view gmseal_code,
                       std::uint32_t fallback) {
  for (const CodeInfo& info : table) {
    if (info.code == gmseal_code) return info.value;
  }
  for (const Alias& alias : aliases) {
    if (alias.gmseal_code == gmseal_code) return alias.value;
  }
  return fallback;
}

}  // namespace

Error skf_error(std::uint32_t code, std::string_view function, std::string_view context) {
  return device_error(kSkfCodes, code, function, context, "keys.skf.vendor_error");
}

Error sdf_error(std::uint32_t code, std::string_view function, std::string_view context) {
  return device_error(kSdfCodes, code, function, context, "keys.sdf.vendor_error");
}

std::string_view skf_code_name(std::uint32_t code) {
  if (code == 0) return "SAR_OK";
  const CodeInfo* info = find_value(kSkfCodes, code);
  return info != nullptr ? info->name : std::string_view();
}

std::string_view sdf_code_name(std::uint32_t code) {
  if (code == 0) return "SDR_OK";
  const CodeInfo* info = find_value(kSdfCodes, code);
  return info != nullptr ? info->name : std::string_view();
}

std::uint32_t skf_code_for(std::string_view gmseal_code) {
  return code_for(kSkfCodes, kSkfAliases, gmseal_code, 0x0A000001);
}

std::uint32_t sdf_code_for(std::string_view gmseal_code) {
  return code_for(kSdfCodes, kSdfAliases, gmseal_code, 0x01000001);
}

}  // namespace gmseal::keys
