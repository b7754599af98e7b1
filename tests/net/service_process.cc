#include "service_process.h"

#include "cli/cli_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace gmseal::testing {

namespace {

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::unique_ptr<ServiceProcess>> ServiceProcess::start(const std::vector<std::string>& args,
                                                              const std::filesystem::path& output,
                                                              const std::vector<std::string>& env,
                                                              int timeout_seconds) {
  const std::filesystem::path port_file = output.string() + ".port";
  std::filesystem::remove(port_file);
  std::vector<std::string> argv = {GMSEAL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  for (const std::string& extra : {std::string("--listen"), std::string("127.0.0.1:0"),
                                   std::string("--port-file"), port_file.string()}) {
    argv.push_back(extra);
  }
  const pid_t pid = spawn_logged(argv, output, env);
  if (pid <= 0) return make_error("test.service_start", "cannot start " + argv[0]);
  std::unique_ptr<ServiceProcess> process(new ServiceProcess(pid));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (int port = 0; std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(std::chrono::milliseconds(50))) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process->pid_ = -1;
      return make_error("test.service_start", "gmseal exited during start:\n" + read_text(output));
    }
    if (std::ifstream(port_file) >> port && port > 0 && accepts_connections(port)) {
      process->port_ = port;
      return process;
    }
  }
  return make_error("test.service_start", "gmseal did not listen in time:\n" + read_text(output));
}

ServiceProcess::~ServiceProcess() { stop(); }

int ServiceProcess::stop() {
  if (pid_ <= 0) return -1;
  const int status = terminate_child(pid_);
  pid_ = -1;
  return status;
}

}  // namespace gmseal::testing
