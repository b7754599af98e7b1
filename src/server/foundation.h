// The platform is built on the shared service foundation (src/service: HTTP, auth, audit,
// store, secrets at rest), which the signing service uses too. The platform's code names these
// types and functions without the service:: prefix; this header is the one place that says so.
#pragma once

#include "service/audit/audit_log.h"
#include "service/auth/password.h"
#include "service/auth/users.h"
#include "service/http/api_error.h"
#include "service/http/api_server.h"
#include "service/secrets/keystore.h"
#include "service/store/database.h"
#include "service/store/row_values.h"
#include "service/store/settings.h"

namespace gmseal::server {

using service::ApiServer;
using service::Caller;
using service::http_status_for;
using service::JsonHandler;
using service::Metrics;
using service::parse_json_body;
using service::PublicHandler;
using service::send_error;
using service::send_json;

using service::check_password_policy;
using service::hash_password;
using service::parse_role;
using service::Role;
using service::Session;
using service::User;
using service::UserStore;
using service::verify_password;

using service::append_audit;
using service::audit_record_hash;
using service::AuditRecord;
using service::AuditVerdict;
using service::read_audit;
using service::verify_audit;

using service::Database;
using service::DbEngine;
using service::read_setting;
using service::row_int64;
using service::write_setting;

using service::KeyStore;

}  // namespace gmseal::server
