#include "net/service_log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <optional>

namespace gmseal::net {

namespace {

std::optional<spdlog::level::level_enum> parse_level(const std::string& text) {
  // spdlog's own from_str answers "off" for a name it does not know: parse here instead.
  if (text == "trace") return spdlog::level::trace;
  if (text == "debug") return spdlog::level::debug;
  if (text == "info") return spdlog::level::info;
  if (text == "warn") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  if (text == "off") return spdlog::level::off;
  return std::nullopt;
}

}  // namespace

Status configure_service_log(std::string_view service, const std::string& file,
                             const std::string& level) {
  const auto parsed = parse_level(level.empty() ? "info" : level);
  if (!parsed) {
    return make_error(
        "net.log.bad_level",
        "--log-level must be trace, debug, info, warn, error or off, not '" + level + "'",
        "log-level");
  }
  spdlog::sink_ptr sink;
  if (file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    try {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, /*truncate=*/false);
    } catch (const spdlog::spdlog_ex& e) {
      return make_error("net.log.cannot_open", "cannot open the log file: " + std::string(e.what()),
                        "log-file");
    }
  }
  auto logger = std::make_shared<spdlog::logger>(std::string(service), std::move(sink));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %n %v", spdlog::pattern_time_type::utc);
  logger->set_level(*parsed);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
  return {};
}

}  // namespace gmseal::net
