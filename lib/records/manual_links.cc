// link / unlink by a person, and `link auto` (SPEC §6).
#include "custodia/attribution.h"

namespace custodia {

namespace {

Status CheckReason(const std::string& reason, const char* command) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Invalid(std::string(command) + " needs a reason (--reason \"...\"); it is recorded in the custody log");
  }
  return Status::Ok();
}

// Under the lock: the clip and the attention must exist.
Status CheckSubjects(Index* index, const std::string& clip, const std::string& attention) {
  ASSIGN_OR_RETURN(auto c, index->GetClip(clip));
  if (!c) return Status::NotFound("no clip " + clip + " in the vault", "list clips with: custodia clips");
  ASSIGN_OR_RETURN(auto a, index->GetAttention(attention));
  if (!a) {
    return Status::NotFound("no attention \"" + attention + "\" in the vault",
                            "list attentions with: custodia attentions (ids are exact, case matters)");
  }
  return Status::Ok();
}

LinkRecord LinkOf(const CustodyEntry& e) {
  LinkRecord l;
  l.clip = e.clips.at(0);
  l.attention = e.attentions.at(0);
  l.method = e.details.value("method", "manual");
  l.rule = e.details.value("rule", "");
  l.actor = e.actor;
  l.time = e.time;
  l.reason = e.reason.value_or("");
  l.seq = e.seq;
  return l;
}

std::string LinksText(const std::vector<LinkRecord>& links) {
  if (links.empty()) return "it is linked to no attention";
  std::string out = "its links: ";
  for (size_t i = 0; i < links.size(); ++i) out += (i ? ", " : "") + links[i].attention;
  return out;
}

}  // namespace

Result<LinkChange> LinkManually(Station& st, const std::string& clip, const std::string& attention,
                                const std::string& reason) {
  RETURN_IF_ERROR(CheckReason(reason, "link"));
  LinkChange change;
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    RETURN_IF_ERROR(CheckSubjects(ctx.index, clip, attention));
    ASSIGN_OR_RETURN(change.before, ctx.index->GetLink(clip, attention));
    if (change.before) {
      change.outcome = "already_linked";
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(auto block, ctx.index->GetLinkBlock(clip, attention));
    CustodyEntry e = st.NewEntry("link");
    e.clips = {clip};
    e.attentions = {attention};
    e.reason = reason;
    e.details = Json{{"method", "manual"}, {"rule", ""}};
    if (block) e.details["lifts_unlink_seq"] = block->seq;  // a person's unlink, undone by a person
    entries.push_back(std::move(e));
    change.before = std::move(block);
    change.outcome = "linked";
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(CommitResult r, st.Commit({}, prepare));
  for (const auto& e : r.entries) {
    if (e.action == "link") change.seq = e.seq;
  }
  return change;
}

Result<LinkChange> UnlinkManually(Station& st, const std::string& clip, const std::string& attention,
                                  const std::string& reason) {
  RETURN_IF_ERROR(CheckReason(reason, "unlink"));
  LinkChange change;
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    RETURN_IF_ERROR(CheckSubjects(ctx.index, clip, attention));
    ASSIGN_OR_RETURN(auto link, ctx.index->GetLink(clip, attention));
    if (!link) {
      ASSIGN_OR_RETURN(auto block, ctx.index->GetLinkBlock(clip, attention));
      if (block) {
        change.outcome = "already_unlinked";
        change.before = std::move(block);
        return Status::Ok();
      }
      ASSIGN_OR_RETURN(auto links, ctx.index->LinksOfClip(clip));
      return Status::Invalid("clip " + clip.substr(0, 12) + " is not linked to attention \"" + attention +
                                 "\": nothing to unlink (" + LinksText(links) + ")",
                             "see the clip's links with: custodia show " + clip.substr(0, 12));
    }
    CustodyEntry e = st.NewEntry("unlink");
    e.clips = {clip};
    e.attentions = {attention};
    e.reason = reason;
    e.details = Json{{"method", "manual"}, {"link_seq", link->seq}, {"link_method", link->method}};
    entries.push_back(std::move(e));
    change.before = std::move(link);
    change.outcome = "unlinked";
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(CommitResult r, st.Commit({}, prepare));
  for (const auto& e : r.entries) {
    if (e.action == "unlink") change.seq = e.seq;
  }
  return change;
}

Result<AutoLinkRun> RunAutoLink(Station& st, int64_t margin_ms) {
  if (margin_ms < 0) return Status::Invalid("--margin cannot be negative");
  AutoLinkRun run;
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    AutoLinkOptions opts;
    opts.all = true;
    opts.margin_ms = margin_ms;
    ASSIGN_OR_RETURN(entries, PlanStaleAutoUnlinks(ctx, opts, "re-checked by link auto"));
    ASSIGN_OR_RETURN(auto links, PlanAutoLinks(ctx, opts, &run.stats));
    entries.insert(entries.end(), std::make_move_iterator(links.begin()), std::make_move_iterator(links.end()));
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(CommitResult r, st.Commit({}, prepare));
  for (const auto& e : r.entries) {
    if (e.action == "link") run.added.push_back(LinkOf(e));
    if (e.action == "unlink") run.removed.push_back(LinkOf(e));
  }
  return run;
}

}  // namespace custodia
