// write_file_atomic: the content lands whole under the final name, with the mode asked for, and
// no temporary file stays behind.
#include "util/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <thread>

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
// Files of several read blocks, empty files and pipes read whole (the size is only a hint).
TEST(FileIo, ReadFileReadsEveryBlockAndPipes) {
  const fs::path dir = fs::temp_directory_path() / ("gmseal-read-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Bytes data(3 * 65536 + 7);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31 + 7);
  ASSERT_TRUE(write_file_atomic(dir / "blocks", data).ok());
  EXPECT_EQ(read_file(dir / "blocks").value(), data);
  ASSERT_TRUE(write_file_atomic(dir / "empty", Bytes{}).ok());
  EXPECT_TRUE(read_file(dir / "empty").value().empty());
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::FILE* out = std::fopen(fifo.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::fwrite(data.data(), 1, data.size(), out);
    std::fclose(out);
  });
  auto piped = read_file(fifo);
  writer.join();
  EXPECT_EQ(piped.value(), data);
  EXPECT_EQ(read_file(dir / "missing").error().code, "io.read_failed");
  fs::remove_all(dir);
}

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
