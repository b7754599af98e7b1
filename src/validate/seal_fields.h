// Field rules of the provincial specification's appendix 2 (印章制作信息数据), one function per
// field so that the first-level emulator and the second-level platform apply the same checks.
// Every function returns an Error whose field is the appendix 2 item name (`sealNum`, ...).
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"
#include "util/time.h"

namespace gmseal::validate {

// sealNum: validate/seal_code.h (SealCode).

// sealSpecificCategory: 01 法定名称章, 02 财务专用章, 03 发票专用章, 04 合同专用章, 05 名章.
// Errors: validate.seal_category.unknown.
Status check_seal_category(std::string_view category);
// The Chinese name of a valid category ("电子法定名称章"), empty when unknown.
std::string_view seal_category_name(std::string_view category);

// sealHeight / sealWidth in millimetres: a decimal number (at most one fraction digit) from 10
// to 100; the table's reference values are 30, 38, 40, 42, 45. Errors: validate.seal_size.format,
// validate.seal_size.range.
Result<double> parse_seal_size(std::string_view text, std::string_view field);

// validStartTime / validEndTime: `yyyy-MM-dd HH:mm:ss` (Beijing time). Errors:
// validate.time.format.
Result<Time> parse_wire_time(std::string_view text, std::string_view field);
// Both times parse and start < end. Errors: validate.time.format, validate.time.order
// (field validEndTime).
Status check_validity_period(std::string_view start, std::string_view end);

// bakType (备案类型): "1" new, "2" update. Errors: validate.bak_type.unknown.
Status check_bak_type(std::string_view value);
// sealCarrier (印章载体): "1" UKey, "2" server-held. Errors: validate.seal_carrier.unknown.
Status check_seal_carrier(std::string_view value, std::string_view field = "sealCarrier");
// localOr: "Y" local, "N" filed. Errors: validate.local_or.unknown.
Status check_local_or(std::string_view value);
// sealType (印章图像类型): "PNG". Errors: validate.seal_type.unsupported.
Status check_seal_type(std::string_view value);
// orgCode must equal the orgCode of the registration package. Errors: validate.org_code.empty,
// validate.org_code.mismatch.
Status check_org_code(std::string_view value, std::string_view registered);
// sealName: non-empty UTF-8, at most 160 bytes (GBK limit of public-security seal data).
// Errors: validate.seal_name.empty, validate.seal_name.too_long.
Status check_seal_name(std::string_view value);

}  // namespace gmseal::validate
