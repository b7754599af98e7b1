// write_file_atomic: the content lands whole under the final name, with the mode asked for, and
// no temporary file stays behind.
#include "util/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace gmseal {
namespace {

namespace fs = std::filesystem;

TEST(FileIo, WriteFileAtomicReplacesWholeAndLeavesNoTemporary) {
  const fs::path dir = fs::temp_directory_path() / ("gmseal-file-io-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "secret.key";
  ASSERT_TRUE(write_file_atomic(file, std::string_view("first"), 0600).ok());
  ASSERT_TRUE(write_file_atomic(file, std::string_view("second, longer"), 0600).ok());
  EXPECT_EQ(read_text_file(file).value(), "second, longer");
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_TRUE(write_file_atomic(dir / "public.txt", std::string_view("x"), 0644).ok());
  ASSERT_EQ(::stat((dir / "public.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++entries;
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(entries, 2);
  // A folder that does not exist: an error, no file.
  EXPECT_EQ(write_file_atomic(dir / "missing" / "x", std::string_view("x")).error().code,
            "io.write_failed");
  fs::remove_all(dir);
}

// util is the bottom of libgmseal: it includes no other module (docs/architecture.md).
TEST(FileIo, UtilDependsOnNoOtherModule) {
  const fs::path util = fs::path(GMSEAL_SOURCE_DIR) / "src" / "util";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(util)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    ++files;
    const std::string text = read_text_file(entry.path()).value();
    std::size_t at = 0;
    while ((at = text.find("#include \"", at)) != std::string::npos) {
      at += 10;
      const std::string target = text.substr(at, text.find('"', at) - at);
      EXPECT_EQ(target.rfind("util/", 0), 0u) << entry.path().filename() << " includes " << target;
    }
  }
  EXPECT_GT(files, 10);
}

}  // namespace
}  // namespace gmseal
