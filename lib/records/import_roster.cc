// roster import: the whole file becomes the roster in force (SPEC §6).
#include <set>

#include "custodia/hash.h"
#include "custodia/importer.h"
#include "records/stored_import.h"

namespace custodia {

using namespace records_internal;

namespace {

void Fill(RosterImportOutcome& o, const RosterImport& parsed) {
  o.rows = parsed.rows;
  o.entries = parsed.roster.entries.size();
  std::set<std::string> devices;
  for (const auto& e : parsed.roster.entries) devices.insert(e.device_serial);
  o.devices = devices.size();
  o.officers = parsed.roster.officers.size();
  o.errors = parsed.errors;
}

}  // namespace

Json RosterImportOutcome::ToJson() const {
  Json errs = Json::array();
  for (const auto& e : errors) errs.push_back(e.ToJson());
  return Json{{"schema", "custodia.roster-import/1"},
              {"file", file},
              {"outcome", outcome},
              {"sha256", sha256},
              {"rows", rows},
              {"entries", entries},
              {"devices", devices},
              {"officers", officers},
              {"errors", errs},
              {"seq", seq ? Json(*seq) : Json(nullptr)},
              {"replaces", replaced_sha256 ? Json(*replaced_sha256) : Json(nullptr)},
              {"error", error.ok() ? Json(nullptr) : Json(error.message())},
              {"exit_code", exit_code}};
}

Result<RosterImportOutcome> ImportRosterFile(Station& st, const RosterImportRequest& req) {
  RosterImportOutcome o;
  o.file = req.file;
  auto fail = [&](std::string outcome, Status s) {
    o.outcome = std::move(outcome);
    o.error = std::move(s);
    o.exit_code = o.error.ExitCode();
    return o;
  };
  auto data = ReadInputFile(st.env(), req.file);
  if (!data.ok()) return fail("failed", data.status());
  o.sha256 = HexOf(Sha256::Of(*data));
  auto parsed = ParseRosterRows(*data, req.file, st.tz());
  if (!parsed.ok()) return fail("failed", parsed.status());
  Fill(o, *parsed);
  if (!parsed->errors.empty()) {
    return fail("rejected", Status::Invalid(req.file + ": " + std::to_string(parsed->errors.size()) +
                                                (parsed->errors.size() == 1 ? " problem" : " problems") +
                                                " in the roster; nothing imported (the roster in force is unchanged)",
                                            "fix the rows listed and import the file again"));
  }
  if (req.dry_run) {
    o.outcome = "checked";
    auto reader = st.OpenIndexReadOnly();
    if (reader.ok()) {
      ASSIGN_OR_RETURN(auto current, (*reader)->GetRoster());
      if (current) {
        o.replaced_sha256 = current->import_sha256;
        if (current->import_sha256 == o.sha256) o.outcome = "unchanged";
      }
    } else if (reader.status().code() != Code::kNotFound) {
      return reader.status();
    }
    return o;
  }
  RETURN_IF_ERROR(StoreImportFile(st, *data, ImportFacts{"roster", o.sha256, BaseName(req.file), o.rows}));
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    ASSIGN_OR_RETURN(auto current, ctx.index->GetRoster());
    if (current) {
      o.replaced_sha256 = current->import_sha256;
      if (current->import_sha256 == o.sha256) return Status::Ok();  // already in force: log nothing
    }
    CustodyEntry e = st.NewEntry("roster");
    e.details = Json{{"kind", "roster"},
                     {"import_sha256", o.sha256},
                     {"file_name", BaseName(req.file)},
                     {"source", req.file},
                     {"bytes", data->size()},
                     {"rows", o.rows},
                     {"entries", o.entries},
                     {"devices", o.devices},
                     {"officers", o.officers},
                     {"replaces", current ? Json(current->import_sha256) : Json(nullptr)}};
    entries.push_back(std::move(e));
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(CommitResult committed, st.Commit({}, prepare));
  for (const auto& e : committed.entries) {
    if (e.action == "roster") o.seq = e.seq;
  }
  o.outcome = o.seq ? "imported" : "unchanged";
  return o;
}

}  // namespace custodia
