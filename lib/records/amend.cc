// amend: correct a clip's officer or device (SPEC §6). The signed manifest
// is never rewritten; the `amend` entry is the correction and the index
// follows it. Automatic links follow the corrected officer.
#include "custodia/attribution.h"

namespace custodia {

namespace {

// Serials also appear in signature comments and bundle file names (SPEC §4, §9).
bool IsValidDeviceSerial(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '+' && c != '-'))) return false;
  }
  return true;
}

Status CheckValue(Index* index, AmendField field, const std::string& value) {
  if (field == AmendField::kDevice) {
    if (!IsValidDeviceSerial(value)) {
      return Status::Invalid("invalid device serial \"" + value +
                             "\": use 1 to 64 letters, digits, '.', '_', ':', '+' or '-', starting with a letter or digit");
    }
    return Status::Ok();
  }
  if (!IsValidAttentionId(value)) {
    return Status::Invalid("invalid officer id \"" + value +
                           "\": use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
  ASSIGN_OR_RETURN(auto roster, index->GetRoster());
  if (roster && !roster->roster.KnowsOfficer(value)) {
    return Status::Invalid("officer \"" + value + "\" is not in the roster in force (" + roster->file_name + ", " +
                               std::to_string(roster->roster.officers.size()) + " officers)",
                           "check the id (custodia roster show), or import a roster that lists the officer");
  }
  return Status::Ok();
}

}  // namespace

Result<Amendment> AmendClip(Station& st, const std::string& clip, AmendField field, const std::string& value,
                            const std::string& reason, int64_t margin_ms) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Invalid("amend needs a reason (--reason \"...\"); it is recorded in the custody log");
  }
  Amendment out;
  out.field = field == AmendField::kOfficer ? "officer" : "device";
  out.new_value = value;
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    ASSIGN_OR_RETURN(auto c, ctx.index->GetClip(clip));
    if (!c) return Status::NotFound("no clip " + clip + " in the vault", "list clips with: custodia clips");
    RETURN_IF_ERROR(CheckValue(ctx.index, field, value));
    out.old_value = field == AmendField::kOfficer ? c->officer : c->device;
    if (out.old_value == value) return Status::Ok();
    CustodyEntry e = st.NewEntry("amend");
    e.clips = {clip};
    e.reason = reason;
    e.details = Json{{"field", out.field}, {"old", out.old_value}, {"new", value},
                     {"note", "the signed manifest is unchanged; this entry corrects it"}};
    entries.push_back(std::move(e));
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(CommitResult r, st.Commit({}, prepare));
  for (const auto& e : r.entries) {
    if (e.action == "amend") out.seq = e.seq;
  }
  if (!out.seq || field != AmendField::kOfficer) return out;
  // The officer changed: automatic links made for the old one go, the new
  // officer's attentions are linked.
  auto relink = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    AutoLinkOptions opts;
    opts.clips = {clip};
    opts.margin_ms = margin_ms;
    ASSIGN_OR_RETURN(entries, PlanStaleAutoUnlinks(ctx, opts, "the clip's officer was amended in entry #" +
                                                                  std::to_string(*out.seq)));
    ASSIGN_OR_RETURN(auto links, PlanAutoLinks(ctx, opts));
    entries.insert(entries.end(), std::make_move_iterator(links.begin()), std::make_move_iterator(links.end()));
    return Status::Ok();
  };
  auto linked = st.Commit({}, relink);
  if (!linked.ok()) {
    return linked.status().Prefixed("the amendment was logged (entry #" + std::to_string(*out.seq) +
                                    "), but re-linking failed; run: custodia link auto");
  }
  for (const auto& e : linked->entries) {
    if (e.action == "link") ++out.links_added;
    if (e.action == "unlink") ++out.links_removed;
  }
  return out;
}

}  // namespace custodia
