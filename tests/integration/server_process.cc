#include "server_process.h"

#include "cli/cli_test_support.h"

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace gmseal::testing {

namespace {

Error start_error(const std::string& what, const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return make_error("test.server_start", what + "; server output:\n" + text);
}

}  // namespace

Result<std::unique_ptr<ServerProcess>> ServerProcess::start(
    const std::vector<std::string>& args, const std::filesystem::path& log, int timeout_seconds,
    const std::vector<std::string>& command) {
  const std::filesystem::path port_file = log.string() + ".port";
  std::filesystem::remove(port_file);
  std::vector<std::string> argv_text = {GMSEAL_BINARY};
  argv_text.insert(argv_text.end(), command.begin(), command.end());
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  for (const char* extra : {"--listen", "127.0.0.1:0", "--port-file"}) argv_text.push_back(extra);
  argv_text.push_back(port_file.string());
  const pid_t pid = spawn_logged(argv_text, log);
  if (pid <= 0) return start_error("posix_spawn failed", log);
  std::unique_ptr<ServerProcess> process(new ServerProcess(pid, 0));

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process->pid_ = -1;
      return start_error("gmseal server exited during start", log);
    }
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      httplib::Client client("127.0.0.1", port);
      if (auto res = client.Get("/healthz"); res && res->status == 200) {
        process->port_ = port;
        return process;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  process->kill_hard();
  return start_error("gmseal server did not answer /healthz in time", log);
}

ServerProcess::~ServerProcess() {
  if (running()) kill_hard();
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  const int status = terminate_child(pid_);
  pid_ = -1;
  return status;
}

}  // namespace gmseal::testing
