// custodia profiles list | profiles test DIR [--profile NAME]: the device
// profiles (SPEC §8, doc/formats/profiles.md) and what one makes of a
// camera's files. Reads only: no offload, nothing written, nothing logged.
#include <cstdio>

#include "commands.h"
#include "custodia/profile.h"
#include "custodia/vault.h"
#include "output.h"

namespace custodia::cli {

namespace {

struct ProfilesCli {
  std::string dir, profile = "generic", format = "table";
};

// The vault's profiles directory and time zone, read without opening the
// station (no lock, no recovery, nothing written).
struct ProfileContext {
  std::string profiles_dir;
  TimeZone tz = TimeZone::Utc();
};

Result<ProfileContext> LoadProfileContext(Context& ctx) {
  ASSIGN_OR_RETURN(VaultLocation loc, ResolveVaultLocation(ctx.global.vault));
  VaultLayout layout(loc.path);
  ASSIGN_OR_RETURN(VaultConfig cfg, ReadVaultConfig(Env::Default(), layout));
  ProfileContext pc;
  pc.profiles_dir = layout.ProfilesDir();
  ASSIGN_OR_RETURN(pc.tz, TimeZone::Load(cfg.timezone));
  return pc;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

void RunProfilesList(Context& ctx, const ProfilesCli& o) {
  auto pc = LoadProfileContext(ctx);
  if (!pc.ok()) {
    ctx.exit_code = ReportError(pc.status());
    return;
  }
  std::vector<Status> damaged;
  auto all = ListProfiles(Env::Default(), pc->profiles_dir, &damaged);
  if (!all.ok()) {
    ctx.exit_code = ReportError(all.status());
    return;
  }
  std::vector<Json> items;
  for (const auto& p : *all) {
    Json j = p.ToJson();
    j["media"] = Join(p.media_extensions);
    items.push_back(j);
  }
  PrintList(EffectiveFormat(o.format, ctx.global.json), "custodia.profiles/1", items,
            {{"NAME", "name"}, {"CLOCK", "clock"}, {"MEDIA", "media"}, {"SOURCE", "source"},
             {"DESCRIPTION", "description"}},
            pc->tz);
  for (const auto& s : damaged) ctx.exit_code = ReportError(s);
}

Json PreviewJson(const ProfilePreviewFile& f, const TimeZone& tz) {
  auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  Json j{{"path", f.path},
         {"kind", f.kind},
         {"clip", or_null(f.clip)},
         {"officer", or_null(f.facts.officer)},
         {"device", or_null(f.facts.device)},
         {"start", f.facts.start ? Json(FormatUtc(*f.facts.start)) : Json(nullptr)},
         {"start_local", f.facts.start ? Json(tz.FormatRfc3339(*f.facts.start)) : Json(nullptr)},
         {"start_text", or_null(f.facts.start_text)},
         {"pattern", or_null(f.facts.pattern)},
         {"note", or_null(!f.error.empty() ? std::string("ERROR: the name matches but its start time does not parse")
                          : f.kind == "sidecar"  ? "sidecar of " + f.clip
                                                 : f.note)},
         {"error", or_null(f.error)}};
  return j;
}

void RunProfilesTest(Context& ctx, const ProfilesCli& o) {
  auto pc = LoadProfileContext(ctx);
  if (!pc.ok()) {
    ctx.exit_code = ReportError(pc.status());
    return;
  }
  auto profile = FindProfile(Env::Default(), pc->profiles_dir, o.profile);
  if (!profile.ok()) {
    ctx.exit_code = ReportError(profile.status().Prefixed("--profile"));
    return;
  }
  auto matcher = ProfileMatcher::Compile(*profile, pc->tz);
  if (!matcher.ok()) {
    ctx.exit_code = ReportError(matcher.status());
    return;
  }
  auto files = PreviewSource(Env::Default(), o.dir, **matcher);
  if (!files.ok()) {
    ctx.exit_code = ReportError(files.status());
    return;
  }
  std::vector<Json> items;
  size_t errors = 0;
  for (const auto& f : *files) {
    items.push_back(PreviewJson(f, pc->tz));
    if (!f.error.empty()) ++errors;
  }
  Format fmt = EffectiveFormat(o.format, ctx.global.json);
  if (fmt == Format::kTable && !ctx.global.quiet) {
    std::printf("profile %s (%s), camera clock %s; START in %s, START_UTC in UTC\n", profile->name.c_str(),
                profile->source.c_str(), (*matcher)->clock_zone().name().c_str(), pc->tz.name().c_str());
  }
  PrintList(fmt, "custodia.profiles-test/1", items,
            {{"KIND", "kind"},
             {"FILE", "path"},
             {"OFFICER", "officer"},
             {"DEVICE", "device"},
             {"START", "start", Column::kTime},
             {"START_UTC", "start"},
             {"NOTE", "note"}},
            pc->tz);
  for (const auto& f : *files) {
    if (!f.error.empty()) ReportError(Status::Invalid(f.error));
  }
  if (errors) {
    ctx.exit_code = ReportError(Status::Invalid(
        std::to_string(errors) + " file(s) match the profile's pattern but their start time does not parse",
        "an offload would fail these files: check the camera's file names or the profile's start_format"));
  }
}

}  // namespace

void SetupProfiles(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ProfilesCli>();
  auto* cmd = app.add_subcommand("profiles", "Device profiles: how camera folders and file names are read");
  cmd->require_subcommand(1);
  cmd->footer(
      "Examples:\n"
      "  custodia profiles list\n"
      "  custodia profiles test /media/cam01 --profile axis\n"
      "User profiles are VAULT/profiles/<name>.json (doc/formats/profiles.md).");

  auto* list = cmd->add_subcommand("list", "List the built-in and the vault's device profiles");
  AddFormatOption(list, &o->format);
  list->footer(
      "Examples:\n"
      "  custodia profiles list\n"
      "  custodia profiles list --json\n"
      "Exit: 0 ok; 2 a profile file in VAULT/profiles is damaged (the others are still listed).");
  list->callback([&ctx, o] { RunProfilesList(ctx, *o); });

  auto* test = cmd->add_subcommand(
      "test", "Show what a profile reads from each file under DIR (kind, officer, device, start); writes nothing");
  test->add_option("dir", o->dir, "Camera folder (mount point) or one file")->required()->type_name("DIR");
  test->add_option("--profile", o->profile, "Device profile: generic, axis or a VAULT/profiles/*.json name")
      ->type_name("NAME");
  AddFormatOption(test, &o->format);
  test->footer(
      "Examples:\n"
      "  custodia profiles test /media/cam01 --profile axis\n"
      "  custodia profiles test /media/cam01 --profile miraflores-x1 --format csv\n"
      "Exit: 0 every file readable; 2 unknown or damaged profile, or a file whose name matches the profile but "
      "whose start time does not parse (listed on stderr).");
  test->callback([&ctx, o] { RunProfilesTest(ctx, *o); });
}

}  // namespace custodia::cli
