// custodia link auto | link CLIP ATT --reason R | unlink CLIP ATT --reason R
// (SPEC §6): links between clips and attentions.
#include <cstdio>

#include "commands.h"
#include "custodia/attribution.h"
#include "output.h"
#include "resolve.h"

namespace custodia::cli {

namespace {

struct LinkCli {
  std::vector<std::string> args;  // CLIP ATT
  std::string reason;
};

struct AutoCli {
  std::string margin = "10m";
};

constexpr int64_t kMaxMarginMs = 24 * 3'600'000LL;

// The clip id (prefix allowed) and the attention id, checked against the index.
Status ResolvePair(Context& ctx, Station& st, const LinkCli& o, std::string* clip, std::string* attention) {
  if (o.args.size() != 2) {
    return Status::Invalid("expected a clip and an attention, got " + std::to_string(o.args.size()) + " arguments",
                           "custodia link CLIP ATTENTION --reason \"...\"");
  }
  if (o.reason.find_first_not_of(" \t") == std::string::npos) {
    return Status::Invalid("a reason is required (--reason \"...\"); it is recorded in the custody log");
  }
  (void)ctx;
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  ASSIGN_OR_RETURN(*clip, ResolveClipId(*index, o.args[0]));
  *attention = o.args[1];
  if (attention->rfind("att:", 0) == 0) *attention = attention->substr(4);
  ASSIGN_OR_RETURN(auto att, index->GetAttention(*attention));
  if (!att) {
    return Status::NotFound("no attention \"" + *attention + "\" in the vault",
                            "list attentions with: custodia attentions (ids are exact, case matters)");
  }
  return Status::Ok();
}

std::string How(const LinkRecord& l, const TimeZone& tz) {
  std::string how = l.method == "auto" ? "automatic, " + l.rule : "manual: " + l.reason;
  return how + "; by " + l.actor + ", " + tz.FormatTable(l.time) + ", custody entry #" + std::to_string(l.seq);
}

void PrintChange(Context& ctx, Station& st, const std::string& clip, const std::string& att, const LinkChange& c) {
  if (ctx.global.json) {
    PrintJson(Json{{"schema", "custodia.link/1"},
                   {"outcome", c.outcome},
                   {"clip", clip},
                   {"attention", att},
                   {"seq", c.seq ? Json(*c.seq) : Json(nullptr)},
                   {"before", c.before ? c.before->ToJson() : Json(nullptr)}});
    return;
  }
  if (ctx.global.quiet) return;
  const TimeZone& tz = st.tz();
  std::string pair = "clip " + clip.substr(0, 12) + " and attention " + att;
  if (c.outcome == "linked") {
    std::printf("linked %s (manual, custody entry #%llu)\n", pair.c_str(), (unsigned long long)c.seq.value_or(0));
    if (c.before) std::printf("  this lifts the unlink of custody entry #%llu\n", (unsigned long long)c.before->seq);
  } else if (c.outcome == "already_linked") {
    std::printf("%s are already linked (%s); nothing changed\n", pair.c_str(), How(*c.before, tz).c_str());
  } else if (c.outcome == "unlinked") {
    std::printf("unlinked %s (custody entry #%llu); auto-link will not link them again\n", pair.c_str(),
                (unsigned long long)c.seq.value_or(0));
    if (c.before) std::printf("  the link was %s\n", How(*c.before, tz).c_str());
  } else if (c.outcome == "already_unlinked") {
    std::printf("%s were already unlinked (%s); nothing changed\n", pair.c_str(), How(*c.before, tz).c_str());
  }
}

void RunLinkPair(Context& ctx, const LinkCli& o, bool unlink) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  std::string clip, att;
  Status s = ResolvePair(ctx, **st, o, &clip, &att);
  if (!s.ok()) {
    ctx.exit_code = ReportError(s);
    return;
  }
  auto change = unlink ? UnlinkManually(**st, clip, att, o.reason) : LinkManually(**st, clip, att, o.reason);
  if (!change.ok()) {
    ctx.exit_code = ReportError(change.status());
    return;
  }
  PrintChange(ctx, **st, clip, att, *change);
}

void RunAuto(Context& ctx, const AutoCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto margin = ParseDurationMs(o.margin);
  if (margin.ok() && (*margin < 0 || *margin > kMaxMarginMs)) {
    margin = Status::Invalid(o.margin + " is outside 0s..24h", "the default is 10m");
  }
  if (!margin.ok()) {
    ctx.exit_code = ReportError(margin.status().Prefixed("--margin"));
    return;
  }
  auto run = RunAutoLink(**st, *margin);
  if (!run.ok()) {
    ctx.exit_code = ReportError(run.status());
    return;
  }
  if (ctx.global.json) {
    Json added = Json::array(), removed = Json::array();
    for (const auto& l : run->added) added.push_back(l.ToJson());
    for (const auto& l : run->removed) removed.push_back(l.ToJson());
    PrintJson(Json{{"schema", "custodia.link-auto/1"},
                   {"margin_ms", *margin},
                   {"items", added},
                   {"removed", removed},
                   {"matches", run->stats.matches},
                   {"already_linked", run->stats.existing},
                   {"kept_unlinked", run->stats.blocked}});
    return;
  }
  if (ctx.global.quiet) return;
  std::printf("auto-link (margin %s): %zu new links, %zu automatic links removed; %llu matches already linked, "
              "%llu kept unlinked by a person\n",
              o.margin.c_str(), run->added.size(), run->removed.size(), (unsigned long long)run->stats.existing,
              (unsigned long long)run->stats.blocked);
  for (const auto& l : run->added) {
    std::printf("  + %s  %s  (entry #%llu)\n", l.clip.substr(0, 12).c_str(), l.attention.c_str(),
                (unsigned long long)l.seq);
  }
  for (const auto& l : run->removed) {
    std::printf("  - %s  %s  (entry #%llu)\n", l.clip.substr(0, 12).c_str(), l.attention.c_str(),
                (unsigned long long)l.seq);
  }
}

void AddPairOptions(CLI::App* cmd, LinkCli* o) {
  cmd->add_option("ids", o->args, "CLIP (id or unique prefix of >= 8 hex digits) and ATTENTION (exact id)")
      ->type_name("CLIP ATT")
      ->expected(0, 2);
  cmd->add_option("--reason", o->reason, "Why (required; recorded in the custody log)");
}

}  // namespace

void SetupLink(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LinkCli>();
  auto* link = app.add_subcommand("link", "Link a clip to an attention by hand, or re-run auto-link");
  AddPairOptions(link, o.get());
  link->footer(
      "Examples:\n"
      "  custodia link 3f2a9c01 ATN-202601-0001234 --reason \"officer confirms the clip shows the incident\"\n"
      "  custodia link auto\n"
      "  custodia link auto --margin 15m\n"
      "Auto-link: a clip links to an attention when the clip's officer is among the attention's officers and the\n"
      "recording overlaps [opened_at - margin, closed_at + margin]. It never re-adds a link a person removed\n"
      "(unlink); a manual link lifts that. Linking a pair that is already linked changes nothing (exit 0).\n"
      "Exit: 0 ok; 2 missing reason, unknown or ambiguous clip, unknown attention; 10 no vault; 11 vault locked.");

  auto ao = std::make_shared<AutoCli>();
  auto* aut = link->add_subcommand("auto", "Re-run auto-link over every clip and attention");
  aut->add_option("--margin", ao->margin, "Margin around each attention (default 10m; 0s..24h)");
  aut->footer(
      "Examples:\n"
      "  custodia link auto\n"
      "  custodia link auto --margin 15m --json\n"
      "Adds the links the rule finds and removes automatic links whose rule no longer holds (after an amend or a\n"
      "revision). Manual links and manual unlinks are never changed.");
  aut->callback([&ctx, ao] { RunAuto(ctx, *ao); });
  link->callback([&ctx, o, aut] {
    if (aut->parsed()) return;
    RunLinkPair(ctx, *o, false);
  });

  auto uo = std::make_shared<LinkCli>();
  auto* unlink = app.add_subcommand("unlink", "Remove a link between a clip and an attention (auto-link keeps it removed)");
  AddPairOptions(unlink, uo.get());
  unlink->footer(
      "Examples:\n"
      "  custodia unlink 3f2a9c01 ATN-202601-0001234 --reason \"the clip is from the previous incident\"\n"
      "Unlinking a pair a person already unlinked changes nothing (exit 0); a pair that is not linked is an error\n"
      "(exit 2). Exit: 0 ok; 2 missing reason, unknown clip or attention, not linked; 10 no vault; 11 vault locked.");
  unlink->callback([&ctx, uo] { RunLinkPair(ctx, *uo, true); });
}

}  // namespace custodia::cli
