#include "postgres_fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>

#include "cli/cli_test_support.h"

namespace gmseal::testing {

namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

struct Server {
  std::string url;
  std::string error;
  std::filesystem::path dir;
  std::string run_as;
  int port = 0;
};

std::string as_user(const std::string& run_as, const std::string& command) {
  return run_as.empty() ? command : "runuser -u " + run_as + " -- " + command;
}

Server start() {
  Server s;
  if (!std::filesystem::exists(std::string(kBin) + "/initdb")) {
    s.error = "PostgreSQL 15 is not installed (run scripts/setup)";
    return s;
  }
  std::random_device rd;
  s.dir = std::filesystem::temp_directory_path() / ("gmseal-pg-" + std::to_string(rd()));
  std::filesystem::create_directories(s.dir);
  // PostgreSQL refuses to run as root.
  if (::geteuid() == 0) {
    s.run_as = "postgres";
    const std::string chown = "chown -R postgres " + s.dir.string();
    if (std::system(chown.c_str()) != 0) {
      s.error = "cannot chown the PostgreSQL folder";
      return s;
    }
  }
  const std::string data = (s.dir / "data").string();
  auto init = run_command(
      as_user(s.run_as, std::string(kBin) + "/initdb -A trust -U gmseal -E UTF8 -D " + data),
      s.dir);
  if (init.exit_code != 0) {
    s.error = "initdb failed: " + init.output;
    return s;
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    s.port = 20000 + static_cast<int>(rd() % 20000);
    const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(s.port) +
                                " -k " + s.dir.string() + " -c max_connections=200 -c fsync=off";
    auto started = run_command(
        as_user(s.run_as, std::string(kBin) + "/pg_ctl -w -t 60 -D " + data + " -l " +
                              (s.dir / "log").string() + " -o \"" + options + "\" start"),
        s.dir);
    if (started.exit_code == 0) {
      s.url = "postgresql://gmseal@127.0.0.1:" + std::to_string(s.port) + "/postgres";
      return s;
    }
    s.error = "pg_ctl start failed: " + started.output;
  }
  return s;
}

Server& server() {
  static Server s = [] {
    // scripts/test starts one server for the whole run and passes it here, so that each test
    // process does not initdb its own.
    if (const char* shared = std::getenv("GMSEAL_TEST_PG_URL");
        shared != nullptr && *shared != '\0') {
      Server external;
      external.url = shared;
      const std::string text = shared;
      const std::size_t colon = text.rfind(':');
      const std::size_t slash = text.find('/', colon);
      external.port = std::stoi(text.substr(colon + 1, slash - colon - 1));
      external.dir = std::filesystem::temp_directory_path();
      return external;
    }
    Server started = start();
    if (!started.url.empty()) {
      static Server* stop_me = nullptr;
      stop_me = new Server(started);
      std::atexit([] {
        run_command(as_user(stop_me->run_as, std::string(kBin) + "/pg_ctl -m immediate -D " +
                                                 (stop_me->dir / "data").string() + " stop"),
                    stop_me->dir);
        std::error_code ec;
        std::filesystem::remove_all(stop_me->dir, ec);
      });
    }
    return started;
  }();
  return s;
}

}  // namespace

std::string postgres_url(std::string* error) {
  Server& s = server();
  if (s.url.empty() && error != nullptr) *error = s.error;
  return s.url;
}

std::string fresh_postgres_database(std::string* error) {
  static std::mutex mutex;
  static std::atomic<int> counter{0};
  std::lock_guard<std::mutex> lock(mutex);
  Server& s = server();
  if (s.url.empty()) {
    if (error != nullptr) *error = s.error;
    return {};
  }
  const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  auto created = run_command(std::string(kBin) + "/createdb -h 127.0.0.1 -p " +
                                 std::to_string(s.port) + " -U gmseal " + name,
                             s.dir);
  if (created.exit_code != 0) {
    if (error != nullptr) *error = "createdb failed: " + created.output;
    return {};
  }
  return "postgresql://gmseal@127.0.0.1:" + std::to_string(s.port) + "/" + name;
}

}  // namespace gmseal::testing
