// CUSTODIA_CRASH_AT=<point>:<n> (test-only; see custodia/crashpoint.h).
#include "custodia/crashpoint.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace custodia {

namespace {
struct Armed {
  std::string point;  // empty: disarmed
  long nth = 1;
};

const Armed& Config() {
  static const Armed armed = [] {
    Armed a;
    const char* v = std::getenv("CUSTODIA_CRASH_AT");
    if (!v || !*v) return a;
    std::string s(v);
    size_t colon = s.rfind(':');
    a.point = s.substr(0, colon);
    if (colon != std::string::npos) a.nth = std::max(1L, std::strtol(s.c_str() + colon + 1, nullptr, 10));
    return a;
  }();
  return armed;
}

std::atomic<long> g_hits{0};
}  // namespace

bool CrashPointHit(const char* point) {
  const Armed& a = Config();
  if (a.point.empty() || a.point != point) return false;
  return g_hits.fetch_add(1) + 1 == a.nth;
}

void CrashNow() {
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);  // not reached
}

}  // namespace custodia
