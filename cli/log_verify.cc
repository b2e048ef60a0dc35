// custodia log verify: every problem of the custody log, naming the entry;
// then an intact run is logged (one `verify` entry) if the vault is writable.
// The verdict is printed first and decides the exit code: a failure to log
// never hides or changes it.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "custodia/station_log.h"
#include "log_commands.h"
#include "output.h"
#include "progress.h"

namespace custodia::cli {

namespace {

// Below this, checking takes well under a second: no progress line.
constexpr uint64_t kProgressFromBytes = 64 << 20;

// "checking the custody log  42%  1.2 GB of 2.9 GB" on stderr, at most 10 times a second.
class LogProgress {
 public:
  explicit LogProgress(bool tty) : tty_(tty) {}
  void operator()(uint64_t done, uint64_t total) {
    if (total < kProgressFromBytes) return;
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(tty_ ? 100 : 5000)) return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "%schecking the custody log %3d%%  %s of %s%s", tty_ ? "\r" : "",
                 int(double(done) * 100 / double(total)), HumanBytes(done).c_str(), HumanBytes(total).c_str(),
                 tty_ ? "   " : "\n");
    std::fflush(stderr);
  }
  void Finish() {
    if (tty_ && shown_) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

Json AuditJson(const LogAudit& a, const Result<uint64_t>& logged) {
  Json problems = Json::array();
  for (const auto& p : a.log.problems) {
    problems.push_back(Json{{"seq", p.seq ? Json(*p.seq) : Json(nullptr)}, {"problem", p.message}});
  }
  Json external = Json::array();
  for (const auto& e : a.external) external.push_back(e.path);
  return Json{{"schema", "custodia.log-verify/1"},
              {"ok", a.ok()},
              {"entries", a.log.entries},
              {"checkpoints_checked", a.log.checkpoints_checked},
              {"external_checkpoints", external},
              {"uncovered", a.log.uncovered},
              {"index_applied_seq", a.index_applied_seq ? Json(*a.index_applied_seq) : Json(nullptr)},
              {"problems", problems},
              {"notes", a.notes},
              {"logged_seq", logged.ok() ? Json(*logged) : Json(nullptr)},
              {"not_logged", logged.ok() ? Json(nullptr) : Json(logged.status().message())}};
}

// "1 entry", "3 entries", "2 problems".
std::string Count(uint64_t n, const std::string& noun) {
  if (n == 1) return "1 " + noun;
  return std::to_string(n) + " " + (noun.back() == 'y' ? noun.substr(0, noun.size() - 1) + "ies" : noun + "s");
}

void PrintVerdict(const LogAudit& a, bool quiet) {
  for (const auto& p : a.log.problems) std::printf("PROBLEM %s\n", p.message.c_str());
  if (!quiet) {
    for (const auto& n : a.notes) std::printf("note: %s\n", n.c_str());
  }
  if (quiet && a.ok()) return;
  std::printf("custody log: %s, %s checked (%zu from outside the vault): %s\n", Count(a.log.entries, "entry").c_str(),
              Count(a.log.checkpoints_checked, "checkpoint").c_str(), a.external.size(),
              a.ok() ? "intact" : Count(a.log.problems.size(), "problem").c_str());
  if (a.ok() && a.external.empty() && !quiet) {
    std::printf("note: without --checkpoint, a log rolled back or rewritten together with its checkpoints "
                "cannot be told from an intact one\n");
  }
  std::fflush(stdout);
}

}  // namespace

void RunLogVerify(Context& ctx, const LogVerifyCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto external = ReadExternalCheckpoints((*st)->env(), o.checkpoints);
  if (!external.ok()) {
    ctx.exit_code = ReportError(external.status());
    return;
  }
  std::string mode = ctx.global.quiet || ctx.global.json ? "none" : ResolveProgressMode(o.progress);
  LogProgress progress(mode == "bar");
  std::function<void(uint64_t, uint64_t)> on_progress;
  if (mode == "bar" || mode == "plain") on_progress = [&progress](uint64_t d, uint64_t t) { progress(d, t); };
  auto audit = AuditLog(**st, std::move(external).value(), on_progress);
  progress.Finish();
  if (!audit.ok()) {
    ctx.exit_code = ReportError(audit.status());
    return;
  }
  ctx.exit_code = audit->ok() ? 0 : 1;
  if (!ctx.global.json) PrintVerdict(*audit, ctx.global.quiet);
  auto logged = RecordLogVerification(**st, *audit);
  if (ctx.global.json) {
    PrintJson(AuditJson(*audit, logged));
  } else if (!logged.ok()) {
    std::fprintf(stderr, "custodia: note: this verification was not recorded in the custody log: %s\n",
                 logged.status().message().c_str());
  } else if (!ctx.global.quiet) {
    std::printf("recorded as custody entry %llu\n", (unsigned long long)*logged);
  }
}

}  // namespace custodia::cli
