// POST /api/v1/seal-images (operator): draws a seal image (印模) for the given fields and
// answers the PNG (image/png), or {"imagePng","widthMm","heightMm","bytes","category","style"}
// when the request asks for JSON (Accept: application/json). Body, every field optional except
// that a name must come from somewhere:
//   {"applicationId","name","purpose","code","category":"01".."05",
//    "style":"round|oval|square|rect","sizeMm" | "widthMm"+"heightMm"}
// With applicationId the application's unit name (the legal representative's name for a 05
// name seal), seal category, seal size and (category 03) unit USCC are the defaults.
// Errors are {"code","message","field"} with the status of the code's registry entry
// (util/error_codes.cc: sealimage.* 400, .too_large 422, .font / .invalid 500); the drawing code
// is given api_field_names(), so messages and fields name the body's fields (name, purpose,
// code, sizeMm, widthMm, heightMm, category, style), never the CLI's flags.
#include <nlohmann/json.hpp>

#include "sealimage/seal_image.h"
#include "server/api/routes.h"
#include "service/http/api_error.h"
#include "util/bytes.h"

namespace gmseal::server {

namespace {

std::string string_at(const nlohmann::json& j, const nlohmann::json::json_pointer& p) {
  return j.contains(p) && j.at(p).is_string() ? j.at(p).get<std::string>() : std::string();
}

// A number or a numeric string (the application form keeps sizes as text); nullopt when absent
// or empty. Anything else is refused by name rather than ignored.
Result<std::optional<double>> number_at(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j.at(key).is_null()) return std::optional<double>();
  const auto& v = j.at(key);
  if (v.is_number()) return std::optional<double>(v.get<double>());
  if (v.is_string()) {
    const std::string text = v.get<std::string>();
    if (text.empty()) return std::optional<double>();
    std::size_t used = 0;
    try {
      const double value = std::stod(text, &used);
      if (used == text.size()) return std::optional<double>(value);
    } catch (const std::exception&) {
    }
  }
  return make_error("sealimage.size", std::string(key) + " must be a number of millimetres", key);
}

// The request's fields over the application's defaults -> a drawing request.
Result<sealimage::SealImageRequest> image_request(const nlohmann::json& body,
                                                  const nlohmann::json* application,
                                                  const std::string& font) {
  using nlohmann::json;
  std::string category = string_at(body, json::json_pointer("/category"));
  std::string name = string_at(body, json::json_pointer("/name"));
  std::string code = string_at(body, json::json_pointer("/code"));
  json size = body;
  if (application != nullptr) {
    if (category.empty()) category = string_at(*application, json::json_pointer("/seal/category"));
    if (name.empty()) {
      name = category == "05" ? string_at(*application, json::json_pointer("/legalRep/name"))
                              : string_at(*application, json::json_pointer("/unit/name"));
    }
    if (code.empty() && category == "03") {
      code = string_at(*application, json::json_pointer("/unit/uscc"));
    }
    if (!body.contains("sizeMm") && !body.contains("widthMm") && application->contains("seal")) {
      size = application->at("seal");
    }
  }
  if (name.empty()) {
    return make_error("invalid_field", "name is required (or an applicationId to take it from)",
                      "name");
  }
  const sealimage::FieldNames& fields = sealimage::api_field_names();
  sealimage::SealImageRequest request;
  request.fields = fields;
  const std::string style_text = string_at(body, json::json_pointer("/style"));
  if (!category.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(request.layout, sealimage::layout_for_category(category, fields));
  }
  if (!style_text.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(const sealimage::SealStyle style,
                            sealimage::parse_seal_style(style_text, fields));
    if (category.empty() || style != request.layout.style) {
      const std::string purpose = request.layout.default_purpose;
      request.layout = sealimage::layout_for_style(style);
      request.layout.category = category;
      if (style != sealimage::SealStyle::kSquare) request.layout.default_purpose = purpose;
    }
  } else if (category.empty()) {
    request.layout = sealimage::layout_for_style(sealimage::SealStyle::kRound);
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::optional<double> side, number_at(size, "sizeMm"));
  GMSEAL_ASSIGN_OR_RETURN(const std::optional<double> width, number_at(size, "widthMm"));
  GMSEAL_ASSIGN_OR_RETURN(const std::optional<double> height, number_at(size, "heightMm"));
  if (!side && width.has_value() != height.has_value()) {
    const char* missing = width ? "heightMm" : "widthMm";
    return make_error("sealimage.size",
                      std::string("widthMm and heightMm go together: ") + missing + " is missing",
                      missing);
  }
  if (side) {
    GMSEAL_RETURN_IF_ERROR(sealimage::resize_layout(request.layout, *side, *side, fields));
  } else if (width && height) {
    const bool same = std::abs(*width - request.layout.width_mm) < 1e-9 &&
                      std::abs(*height - request.layout.height_mm) < 1e-9;
    if (!same) {
      GMSEAL_RETURN_IF_ERROR(sealimage::resize_layout(request.layout, *width, *height, fields));
    }
  }
  request.name = name;
  request.purpose = string_at(body, json::json_pointer("/purpose"));
  request.code = code;
  request.song_font = font;
  return request;
}

}  // namespace

void add_seal_image_routes(ApiServer& api, Platform& platform) {
  api.post("/api/v1/seal-images", {Role::kOperator},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             std::optional<nlohmann::json> payload;
             const std::string id =
                 string_at(*body, nlohmann::json::json_pointer("/applicationId"));
             if (!id.empty()) {
               auto app = platform.applications().get(id);
               if (!app.ok()) return send_error(res, app.error());
               payload = app->payload;
             }
             auto request =
                 image_request(*body, payload ? &*payload : nullptr, platform.config().seal_font);
             if (!request.ok()) return send_error(res, request.error());
             auto drawn = sealimage::draw_seal(*request);
             if (!drawn.ok()) return send_error(res, drawn.error());
             auto png = sealimage::encode_seal_png(drawn->bitmap, request->fields);
             if (!png.ok()) return send_error(res, png.error());
             if (req.get_header_value("Accept").find("application/json") != std::string::npos) {
               return send_json(res, {{"imagePng", base64_encode(*png)},
                                      {"widthMm", request->layout.width_mm},
                                      {"heightMm", request->layout.height_mm},
                                      {"bytes", png->size()},
                                      {"category", request->layout.category},
                                      {"style", sealimage::to_string(request->layout.style)}});
             }
             res.set_content(std::string(png->begin(), png->end()), "image/png");
           });
}

}  // namespace gmseal::server
