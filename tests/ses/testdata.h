// Access to ../shared/testdata for ses tests: files, and entries inside the OFD (zip) samples,
// read at test time with libzip (never copied into the repository).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "util/bytes.h"

namespace gmseal::ses::testing {

// The testdata folder, or nullopt when absent (tests GTEST_SKIP loudly then).
std::optional<std::filesystem::path> testdata_dir();

// Bytes of `relative` under testdata (e.g. "seals/ofdrw-v4.esl"); empty when missing.
Bytes testdata_file(const std::string& relative);

// Bytes of `entry` inside the zip `relative` (e.g. "ofd/x.ofd",
// "Doc_0/Signs/Sign_0/SignedValue.dat"). Empty when missing.
Bytes testdata_zip_entry(const std::string& relative, const std::string& entry);

}  // namespace gmseal::ses::testing

#define GMSEAL_REQUIRE_TESTDATA()                                                      \
  do {                                                                                 \
    if (!::gmseal::ses::testing::testdata_dir()) {                                     \
      GTEST_SKIP() << "*** ../shared/testdata is ABSENT: real-file test skipped (see " \
                      "tests/CMakeLists.txt GMSEAL_TESTDATA_DIR) ***";                 \
    }                                                                                  \
  } while (false)
