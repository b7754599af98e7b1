// A seal request package (docs/seal-request-package.md) filed with a `new` application whose
// seal lives in a seal application system (carrier "server", "seal":{"requestPackage":...}).
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/seal_request_package.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::server {

inline constexpr const char* kRequestPackageField = "seal.requestPackage";

// Packages older than this are refused: the unit files the application soon after asking its
// system for the key.
inline constexpr std::chrono::hours kRequestPackageMaxAge{24 * 30};

// Decodes, parses and verifies seal.requestPackage (the system's signature, the CSR's proof of
// possession) and checks it against the application: unit.uscc, seal.name, seal.category, a
// carrier of "server", and a createdAt neither in the future (5 minutes' leeway) nor older than
// kRequestPackageMaxAge. Errors: invalid_field on seal.requestPackage, the message naming the
// rule (the protocol.request_package.* code in it).
Result<protocol::SealRequestPackage> check_request_package(const nlohmann::json& body, Time at);

}  // namespace gmseal::server
