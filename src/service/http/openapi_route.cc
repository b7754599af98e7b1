#include "service/http/openapi_route.h"

#include "service/http/response_body.h"

namespace gmseal::service {

void add_openapi_route(ApiServer& api, std::string_view document) {
  api.get_public("/api/v1/openapi.json", [text = std::string(document)](const httplib::Request& req,
                                                                        httplib::Response& res) {
    set_text_body(req, res, text, kJsonType);
  });
}

}  // namespace gmseal::service
