#include "sample_application.h"

#include <cmath>

#include "validate/id_number.h"
#include "validate/seal_image.h"
#include "validate/uscc.h"

namespace gmseal::testing {

Bytes sample_seal_png(unsigned size_px, unsigned dpi) {
  const std::vector<std::uint8_t> palette = {0, 0, 0, 0, 220, 20, 20, 255};
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size_px) * size_px, 0);
  const double c = size_px / 2.0;
  for (unsigned y = 0; y < size_px; ++y) {
    for (unsigned x = 0; x < size_px; ++x) {
      const double r = std::hypot(x - c, y - c);
      if (r > c * 0.86 && r < c * 0.96) pixels[static_cast<std::size_t>(y) * size_px + x] = 1;
    }
  }
  return *validate::encode_palette_png(size_px, size_px, palette, pixels, dpi);
}

std::string valid_uscc(const std::string& first17) {
  return first17 + validate::uscc_check_character(first17);
}

std::string valid_id_number(const std::string& first17) {
  return first17 + validate::id_number_check_character(first17);
}

nlohmann::json sample_new_application(const std::string& uscc) {
  return {
      {"kind", "new"},
      {"unit",
       {{"uscc", uscc},
        {"regionCode", "430102"},
        {"unitType", "enterprise"},
        {"name", "长沙市示例科技有限公司"},
        {"address", "湖南省长沙市芙蓉区示例路1号"}}},
      {"legalRep", {{"name", "张三"}, {"idNumber", valid_id_number()}, {"mobile", "13800138000"}}},
      {"agent",
       {{"name", "李四"},
        {"idNumber", valid_id_number("43010219900701002")},
        {"mobile", "13900139000"}}},
      {"approver", {{"name", "长沙市公安局"}, {"regionCode", "430100"}}},
      {"seal",
       {{"name", "长沙市示例科技有限公司"},
        {"category", "01"},
        {"widthMm", 40},
        {"heightMm", 40},
        {"imagePng", base64_encode(sample_seal_png())},
        {"carrier", "server"},
        {"validFrom", "2026-01-01 00:00:00"},
        {"validTo", "2028-12-31 23:59:59"}}}};
}

}  // namespace gmseal::testing
