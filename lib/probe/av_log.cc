#include <cstdarg>
#include <cstdlib>
#include <mutex>
#include <string_view>

#include "probe/av_support.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace custodia::probe_internal {

namespace {
void DiscardLog(void*, int, const char*, va_list) {}

int LevelNamed(std::string_view name) {
  struct Level {
    std::string_view name;
    int level;
  };
  static constexpr Level kLevels[] = {
      {"quiet", AV_LOG_QUIET},     {"panic", AV_LOG_PANIC},     {"fatal", AV_LOG_FATAL},
      {"error", AV_LOG_ERROR},     {"warning", AV_LOG_WARNING}, {"info", AV_LOG_INFO},
      {"verbose", AV_LOG_VERBOSE}, {"debug", AV_LOG_DEBUG},     {"trace", AV_LOG_TRACE}};
  for (const auto& l : kLevels) {
    if (l.name == name) return l.level;
  }
  return AV_LOG_INFO;
}
}  // namespace

std::string AvError(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(err, buf, sizeof buf) < 0) return "libav error " + std::to_string(err);
  return buf;
}

void RouteAvLog() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* env = std::getenv("CUSTODIA_AV_LOG");
    if (env) {
      av_log_set_level(LevelNamed(env));
      av_log_set_callback(av_log_default_callback);
    } else {
      av_log_set_callback(DiscardLog);
    }
  });
}

}  // namespace custodia::probe_internal
