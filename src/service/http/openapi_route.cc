#include "service/http/openapi_route.h"

namespace gmseal::service {

void add_openapi_route(ApiServer& api, std::string_view document) {
  api.get_public("/api/v1/openapi.json",
                 [text = std::string(document)](const httplib::Request&, httplib::Response& res) {
                   res.set_content(text, "application/json");
                 });
}

}  // namespace gmseal::service
