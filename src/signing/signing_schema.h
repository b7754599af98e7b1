// The signing service's database schema (its own database, beside the platform's).
#pragma once

#include "service/store/schema.h"

namespace gmseal::signing {

const service::Schema& signing_schema();

}  // namespace gmseal::signing
