// Deterministic crash points for the crash-safety tests (doc/reliability.md).
//
// The library marks the moments a crash is most dangerous with one line:
//   CUSTODIA_CRASH_POINT("offload.object_placed");
// Inert unless the environment variable CUSTODIA_CRASH_AT=<point>:<n> is set:
// then the n-th time (1-based, counted across threads) the process reaches
// <point>, it sends itself SIGKILL -- exactly what `kill -9` does: no
// destructor, no atexit handler, no stdio flush, no unlock runs.
// Compiled into every build; when unset a hit costs one check of a static.
#ifndef CUSTODIA_CRASHPOINT_H_
#define CUSTODIA_CRASHPOINT_H_

namespace custodia {

// True when this call is the armed n-th hit of `point` (the caller may do
// something first, e.g. write half a line, then call CrashNow()).
bool CrashPointHit(const char* point);
[[noreturn]] void CrashNow();

}  // namespace custodia

#define CUSTODIA_CRASH_POINT(point)                             \
  do {                                                          \
    if (::custodia::CrashPointHit(point)) ::custodia::CrashNow(); \
  } while (0)

#endif  // CUSTODIA_CRASHPOINT_H_
