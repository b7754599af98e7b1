// Helpers for the OFD tests: the shared test data folder and small generated packages.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "ofd/package.h"
#include "ofd/package_writer.h"
#include "util/file_io.h"

namespace gmseal::ofd::testing {

inline std::filesystem::path testdata(const std::string& relative) {
  return std::filesystem::path(GMSEAL_TESTDATA_DIR) / relative;
}

// Skips the test loudly when the shared test data is absent (a user's fresh clone).
#define GMSEAL_REQUIRE_TESTDATA(relative)                                        \
  do {                                                                           \
    if (!std::filesystem::exists(::gmseal::ofd::testing::testdata(relative))) {  \
      GTEST_SKIP() << "*** SHARED TEST DATA MISSING: "                           \
                   << ::gmseal::ofd::testing::testdata(relative)                 \
                   << " (../shared/testdata is not next to the repository) ***"; \
    }                                                                            \
  } while (false)

inline Package open_testdata(const std::string& relative) {
  auto package = Package::open_file(testdata(relative));
  if (!package.ok()) ADD_FAILURE() << package.error().to_string();
  return std::move(package).value();
}

// A ZIP with `files` (name as stored -> content).
inline Bytes make_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<FileWrite> writes;
  for (const auto& [name, content] : files) writes.push_back(FileWrite{name, to_bytes(content)});
  auto zip = build_package(writes, from_unix(1700000000));
  if (!zip.ok()) ADD_FAILURE() << zip.error().to_string();
  return std::move(zip).value();
}

}  // namespace gmseal::ofd::testing
