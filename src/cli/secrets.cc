#include "cli/secrets.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

#include "util/file_io.h"

namespace gmseal::cli {

namespace {

Result<std::string> prompt_on_tty(const std::string& what) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return make_error("cli.no_secret", "no " + what +
                                           " given and no terminal to ask on: use the "
                                           "environment-variable or file option");
  }
  const std::string question = "Enter " + what + ": ";
  [[maybe_unused]] ssize_t ignored = ::write(fd, question.data(), question.size());
  termios saved{};
  const bool is_tty = ::tcgetattr(fd, &saved) == 0;
  if (is_tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string answer;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') answer += c;
  if (is_tty) ::tcsetattr(fd, TCSAFLUSH, &saved);
  ignored = ::write(fd, "\n", 1);
  ::close(fd);
  if (!answer.empty() && answer.back() == '\r') answer.pop_back();
  return answer;
}

}  // namespace

Result<std::string> read_secret(const SecretOptions& options, const std::string& what) {
  if (!options.value.empty()) return options.value;
  if (!options.env.empty()) {
    const char* value = std::getenv(options.env.c_str());
    if (value == nullptr) {
      return make_error("keys.pin.env_unset",
                        "environment variable '" + options.env + "' (" + what + ") is not set");
    }
    return std::string(value);
  }
  if (!options.file.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(std::string text, read_text_file(options.file));
    const std::size_t newline = text.find_first_of("\r\n");
    if (newline != std::string::npos) text.resize(newline);
    return text;
  }
  return prompt_on_tty(what);
}

Result<TokenSigner> open_token_signer(const std::string& uri) {
  keys::SignerOptions options;
  options.prompt = terminal_prompt();
  TokenSigner out;
  GMSEAL_ASSIGN_OR_RETURN(out.signer, keys::make_signer(uri, options));
  if (auto* skf = dynamic_cast<keys::SkfSigner*>(out.signer.get()); skf != nullptr) {
    if (auto der = skf->certificate(); der.ok()) {
      GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, crypto::Certificate::from_der(*der));
      out.certificate = std::move(cert);
    }
  }
  return out;
}

keys::PinPrompt terminal_prompt() {
  return [](const std::string& what) { return prompt_on_tty(what); };
}

}  // namespace gmseal::cli
