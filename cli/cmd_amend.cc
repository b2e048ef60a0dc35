// custodia amend CLIP (--officer ID | --device SERIAL) --reason R (SPEC §6).
#include <cstdio>

#include "commands.h"
#include "custodia/attribution.h"
#include "output.h"
#include "resolve.h"

namespace custodia::cli {

namespace {

struct AmendCli {
  std::string clip, officer, device, reason, margin = "10m";
};

Status Check(const AmendCli& o) {
  if (o.officer.empty() == o.device.empty()) {
    return Status::Invalid("give exactly one of --officer ID or --device SERIAL", "custodia amend --help");
  }
  if (o.reason.find_first_not_of(" \t") == std::string::npos) {
    return Status::Invalid("a reason is required (--reason \"...\"); it is recorded in the custody log");
  }
  return Status::Ok();
}

void RunAmend(Context& ctx, const AmendCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  Status checked = Check(o);
  auto margin = ParseDurationMs(o.margin);
  if (checked.ok() && !margin.ok()) checked = margin.status().Prefixed("--margin");
  if (!checked.ok()) {
    ctx.exit_code = ReportError(checked);
    return;
  }
  std::string clip;
  {
    auto index = (*st)->OpenIndexReadOnly();
    auto id = index.ok() ? ResolveClipId(**index, o.clip) : Result<std::string>(index.status());
    if (!id.ok()) {
      ctx.exit_code = ReportError(id.status());
      return;
    }
    clip = *id;
  }
  AmendField field = o.officer.empty() ? AmendField::kDevice : AmendField::kOfficer;
  auto a = AmendClip(**st, clip, field, o.officer.empty() ? o.device : o.officer, o.reason, *margin);
  if (!a.ok()) {
    ctx.exit_code = ReportError(a.status());
    return;
  }
  if (ctx.global.json) {
    PrintJson(Json{{"schema", "custodia.amend/1"},
                   {"clip", clip},
                   {"field", a->field},
                   {"old", a->old_value},
                   {"new", a->new_value},
                   {"seq", a->seq ? Json(*a->seq) : Json(nullptr)},
                   {"links_added", a->links_added},
                   {"links_removed", a->links_removed}});
    return;
  }
  if (ctx.global.quiet) return;
  if (!a->seq) {
    std::printf("clip %s: the %s is already %s; nothing changed\n", clip.substr(0, 12).c_str(), a->field.c_str(),
                a->new_value.c_str());
    return;
  }
  std::printf("clip %s: %s %s -> %s (custody entry #%llu; the signed manifest is unchanged)\n",
              clip.substr(0, 12).c_str(), a->field.c_str(), a->old_value.empty() ? "(none)" : a->old_value.c_str(),
              a->new_value.c_str(), (unsigned long long)*a->seq);
  if (field == AmendField::kOfficer) {
    std::printf("  auto-link: %llu new links, %llu automatic links removed\n", (unsigned long long)a->links_added,
                (unsigned long long)a->links_removed);
  }
}

}  // namespace

void SetupAmend(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AmendCli>();
  auto* cmd = app.add_subcommand("amend", "Correct a clip's officer or device (logged; the signed manifest is kept)");
  cmd->add_option("clip", o->clip, "Clip id (unique prefix of >= 8 hex digits)")->required()->type_name("CLIP");
  auto* officer = cmd->add_option("--officer", o->officer, "The officer who actually wore the camera");
  auto* device = cmd->add_option("--device", o->device, "The camera's actual serial number");
  officer->excludes(device);
  cmd->add_option("--reason", o->reason, "Why (required; recorded in the custody log)");
  cmd->add_option("--margin", o->margin, "Auto-link margin when the officer changes (default 10m)");
  cmd->footer(
      "Examples:\n"
      "  custodia amend 3f2a9c01 --officer SZ-04M02 --reason \"cameras swapped at shift start, see parte 118\"\n"
      "  custodia amend 3f2a9c01 --device BWC-04M07 --reason \"serial misread by the dock\"\n"
      "The manifest stays as signed; the amendment is a custody entry and queries follow it. Once a roster is\n"
      "imported the officer must be one of its officers. Automatic links follow the new officer.\n"
      "Exit: 0 ok; 2 missing reason, unknown clip, invalid or unknown officer; 10 no vault; 11 vault locked.");
  cmd->callback([&ctx, o] { RunAmend(ctx, *o); });
}

}  // namespace custodia::cli
