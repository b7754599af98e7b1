// resultCode values of the provincial interfaces. The specification fixes only "0" = success
// ("其他表示错误"); gmseal's emulator answers with the numbered table below (also in
// docs/province-protocol.md) and names the gmseal error code in resultCodeMsg as
// "<message> [<dotted code>]", so a client can tell every failure apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace gmseal::protocol {

struct ResultCodeEntry {
  std::string_view result_code;
  std::string_view meaning;
  std::string_view error_prefixes;  // comma-separated gmseal error codes or prefixes ("x.")
};

// The table, in order.
const std::vector<ResultCodeEntry>& result_code_table();

// The resultCode for a gmseal error (5000 when none matches).
std::string result_code_for(const Error& error);

// "<message> [<code>]".
std::string result_message_for(const Error& error);

inline constexpr std::string_view kResultOk = "0";

}  // namespace gmseal::protocol
