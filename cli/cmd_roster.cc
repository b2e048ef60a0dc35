// custodia roster import FILE | roster show: the device roster (SPEC §6).
#include <cstdio>

#include "commands.h"
#include "custodia/importer.h"
#include "output.h"

namespace custodia::cli {

namespace {

struct RosterImportCli {
  std::string file;
  bool dry_run = false;
};

struct RosterShowCli {
  std::string format = "table", device, officer;
};

void RunRosterImport(Context& ctx, const RosterImportCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  RosterImportRequest req;
  req.file = o.file;
  req.dry_run = o.dry_run;
  auto out = ImportRosterFile(**st, req);
  if (!out.ok()) {
    ctx.exit_code = ReportError(out.status());
    return;
  }
  if (ctx.global.json) {
    PrintJson(out->ToJson());
  } else if (!ctx.global.quiet) {
    std::string sizes = std::to_string(out->entries) + " rows: " + std::to_string(out->devices) + " devices, " +
                        std::to_string(out->officers) + " officers";
    if (out->outcome == "imported") {
      std::printf("%s: imported %s; it is now the roster in force (custody entry #%llu)\n", o.file.c_str(),
                  sizes.c_str(), (unsigned long long)out->seq.value_or(0));
    } else if (out->outcome == "unchanged") {
      std::printf("%s: no change: this file is already the roster in force; nothing %s\n", o.file.c_str(),
                  o.dry_run ? "would be logged" : "logged");
    } else if (out->outcome == "checked") {
      std::printf("%s: ok, %s; it would replace the roster in force%s\n", o.file.c_str(), sizes.c_str(),
                  out->replaced_sha256 ? "" : " (there is none yet)");
      std::printf("dry run: nothing was written\n");
    }
  }
  for (const auto& e : out->errors) std::fprintf(stderr, "  %s\n", e.ToString().c_str());
  if (!out->error.ok()) ReportError(out->error);
  ctx.exit_code = out->exit_code;
}

void RunRosterShow(Context& ctx, const RosterShowCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  std::optional<StoredRoster> roster;
  auto index = (*st)->OpenIndexReadOnly();
  if (index.ok()) {
    auto r = (*index)->GetRoster();
    if (!r.ok()) {
      ctx.exit_code = ReportError(r.status());
      return;
    }
    roster = std::move(*r);
  } else if (index.status().code() != Code::kNotFound) {
    ctx.exit_code = ReportError(index.status());
    return;
  }
  std::vector<Json> items;
  if (roster) {
    for (const auto& e : roster->roster.entries) {
      if (!o.device.empty() && e.device_serial != o.device) continue;
      if (!o.officer.empty() && e.officer_id != o.officer) continue;
      items.push_back(e.ToJson());
    }
  }
  Format f = EffectiveFormat(o.format, ctx.global.json);
  if (f == Format::kJson) {
    Json out{{"schema", "custodia.roster/1"}, {"items", items}};
    if (roster) {
      out["import_sha256"] = roster->import_sha256;
      out["file_name"] = roster->file_name;
      out["seq"] = roster->seq;
    }
    PrintJson(out);
    return;
  }
  if (f == Format::kTable && !ctx.global.quiet) {
    if (!roster) {
      std::printf("no roster imported yet (custodia roster import FILE)\n");
      return;
    }
    std::printf("roster in force: %s (custody entry #%llu, %s), %zu rows, %zu officers\n", roster->file_name.c_str(),
                (unsigned long long)roster->seq, (*st)->tz().FormatTable(roster->time).c_str(),
                roster->roster.entries.size(), roster->roster.officers.size());
  }
  PrintList(f, "custodia.roster/1", items,
            {{"DEVICE", "device_serial"}, {"OFFICER", "officer_id"}, {"FROM", "from", Column::kTime},
             {"TO", "to", Column::kTime}, {"LINE", "line", Column::kInt}},
            (*st)->tz());
}

}  // namespace

void SetupRoster(CLI::App& app, Context& ctx) {
  auto* roster = app.add_subcommand("roster", "The device roster: which officer wore which camera when");
  roster->require_subcommand(1);
  roster->footer(
      "Examples:\n"
      "  custodia roster import roster-2026-01.csv\n"
      "  custodia roster show --officer SZ-0412");

  auto io = std::make_shared<RosterImportCli>();
  auto* imp = roster->add_subcommand("import", "Import a roster CSV (device_serial,officer_id,from,to); it replaces the "
                                               "roster in force");
  imp->add_option("file", io->file, "Roster CSV file")->required()->type_name("FILE");
  imp->add_flag("--dry-run", io->dry_run, "Check the file and say what would happen; write nothing");
  imp->footer(
      "Examples:\n"
      "  custodia roster import roster-2026-01.csv --dry-run\n"
      "  custodia roster import roster-2026-01.csv\n"
      "The whole file is the roster in force: it replaces the previous one (which stays in imports/ and in the\n"
      "custody log), so keep past assignments in the file. 'to' empty = still assigned; overlapping rows for one\n"
      "device are an error. Offload uses the roster to set a clip's officer when neither --officer nor the camera\n"
      "says; its officer ids are the known officers (attention imports and amend check them).\n"
      "Exit: 0 imported or unchanged; 2 bad rows (nothing imported); 10 no vault; 11 vault locked.");
  imp->callback([&ctx, io] { RunRosterImport(ctx, *io); });

  auto so = std::make_shared<RosterShowCli>();
  auto* show = roster->add_subcommand("show", "List the roster in force");
  show->add_option("--device", so->device, "Only this camera");
  show->add_option("--officer", so->officer, "Only this officer");
  AddFormatOption(show, &so->format);
  show->footer(
      "Examples:\n"
      "  custodia roster show\n"
      "  custodia roster show --device BWC-04M01 --format csv");
  show->callback([&ctx, so] { RunRosterShow(ctx, *so); });
}

}  // namespace custodia::cli
