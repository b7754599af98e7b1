// Reading integer columns portably: SQLite reports expression columns (COUNT(*), MAX(...))
// with whatever type the value has, PostgreSQL as BIGINT.
#pragma once

#include "service/store/soci.h"

namespace gmseal::service {

inline long long row_int64(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return 0;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_long_long:
      return row.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row.get<unsigned long long>(i));
    case soci::dt_integer:
      return row.get<int>(i);
    case soci::dt_double:
      return static_cast<long long>(row.get<double>(i));
    case soci::dt_string:
      return std::stoll(row.get<std::string>(i));
    default:
      return 0;
  }
}

}  // namespace gmseal::service
