// custodia import attentions: load attention records (SPEC §6, §7).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "custodia/importer.h"
#include "output.h"
#include "progress.h"

namespace custodia::cli {

namespace {

struct ImportCli {
  std::vector<std::string> files;
  std::string format = "auto", encoding = "utf-8", margin = "10m", progress = "auto";
  bool skip_bad = false, dry_run = false, no_link = false;
};

std::string Counts(const FileImportOutcome& f) {
  return std::to_string(f.records) + " records (" + std::to_string(f.new_records) + " new, " +
         std::to_string(f.revised) + " revised, " + std::to_string(f.unchanged) + " unchanged)";
}

void PrintFile(const FileImportOutcome& f, bool dry_run, bool skip_bad) {
  std::string rows = std::to_string(f.rows) + " rows";
  std::string skipped = f.skipped ? ", " + std::to_string(f.skipped) + " bad rows left out" : "";
  const std::string& o = f.outcome;
  if (o == "imported") {
    std::printf("%s: imported %s: %s%s; custody entry #%llu\n", f.file.c_str(), rows.c_str(), Counts(f).c_str(),
                skipped.c_str(), (unsigned long long)f.seq.value_or(0));
  } else if (o == "unchanged" && f.records > 0 && f.unchanged == f.records) {
    std::printf("%s: %s: all %llu records are already in the vault with the same content; nothing %s%s\n",
                f.file.c_str(), dry_run ? "would change nothing" : "no change", (unsigned long long)f.records,
                dry_run ? "would be logged" : "logged", skipped.c_str());
  } else if (o == "unchanged") {
    std::printf("%s: no change: %s%s; nothing logged\n", f.file.c_str(), Counts(f).c_str(), skipped.c_str());
  } else if (o == "checked") {
    std::printf("%s: ok, would import %s: %s%s\n", f.file.c_str(), rows.c_str(), Counts(f).c_str(), skipped.c_str());
  } else if (o == "rejected") {
    std::printf("%s: %s: %llu bad of %llu rows; nothing %s\n", f.file.c_str(), dry_run ? "would be rejected" : "rejected",
                (unsigned long long)f.skipped, (unsigned long long)f.rows,
                skip_bad ? "to import (no good rows)" : (dry_run ? "would be imported" : "imported"));
  } else if (o == "failed") {
    std::printf("%s: failed: %s\n", f.file.c_str(), f.error.message().c_str());
  } else if (o == "not_imported") {
    std::printf("%s: not imported (another file has problems; all-or-nothing)\n", f.file.c_str());
  } else {
    std::printf("%s: %s\n", f.file.c_str(), o.c_str());
  }
}

void PrintProblems(const AttentionImportSummary& s, bool skip_bad) {
  uint64_t bad_rows = 0;
  bool any_rejected = false;
  for (const auto& f : s.files) {
    for (const auto& e : f.errors) std::fprintf(stderr, "  %s\n", e.ToString().c_str());
    bad_rows += f.errors.size();
    if (f.outcome == "failed") ReportError(f.error);
    if (f.outcome == "rejected") any_rejected = true;
  }
  if (any_rejected && !skip_bad) {
    std::fprintf(stderr, "custodia: %llu bad %s: nothing %s imported (all-or-nothing)\n",
                 (unsigned long long)bad_rows, bad_rows == 1 ? "row" : "rows", s.dry_run ? "would be" : "was");
    std::fprintf(stderr, "  what to do: fix the rows listed and import again, or add --skip-bad to import the good "
                         "rows and leave these out\n");
  } else if (bad_rows > 0) {
    std::fprintf(stderr, "custodia: %llu bad %s left out (--skip-bad)\n", (unsigned long long)bad_rows,
                 bad_rows == 1 ? "row" : "rows");
  }
  if (!s.link_error.ok()) ReportError(s.link_error.WithHint("run: custodia link auto"));
}

void RunImport(Context& ctx, const ImportCli& o) {
  InstallInterruptHandlers();
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto margin = ParseDurationMs(o.margin);
  if (!margin.ok()) {
    ctx.exit_code = ReportError(margin.status().Prefixed("--margin"));
    return;
  }
  AttentionImportRequest req;
  req.files = o.files;
  req.format = o.format == "csv" ? ImportFormat::kCsv : o.format == "jsonl" ? ImportFormat::kJsonl : ImportFormat::kAuto;
  req.encoding = o.encoding == "windows-1252" ? TextEncoding::kWindows1252 : TextEncoding::kUtf8;
  req.skip_bad = o.skip_bad;
  req.dry_run = o.dry_run;
  req.auto_link = !o.no_link;
  req.link_margin_ms = *margin;
  req.cancel = &InterruptFlag();
  std::string mode = ctx.global.quiet ? "none" : ResolveProgressMode(o.progress == "ndjson" ? "plain" : o.progress);
  std::unique_ptr<ProgressBar> bar;
  if (mode == "bar" || mode == "plain") {
    bar = std::make_unique<ProgressBar>(stderr, mode == "bar");
    size_t index = 0;
    std::string last;
    auto start = std::chrono::steady_clock::now();
    req.progress = [&, total = o.files.size()](const std::string& file, uint64_t done, uint64_t bytes, const char* phase) {
      // Small imports finish before a bar would help.
      if (std::chrono::steady_clock::now() - start < std::chrono::seconds(2)) return;
      if (file != last) {
        last = file;
        ++index;
      }
      bar->Update(done, bytes, index - 1, total, std::string(phase) + " " + file);
    };
  }
  auto sum = ImportAttentions(**st, req);
  if (bar) bar->Finish();
  if (!sum.ok()) {
    ctx.exit_code = ReportError(sum.status());
    return;
  }
  if (ctx.global.json) {
    PrintJson(sum->ToJson());
  } else if (!ctx.global.quiet) {
    for (const auto& f : sum->files) PrintFile(f, sum->dry_run, o.skip_bad);
    if (sum->dry_run) {
      std::printf("dry run: nothing was written\n");
    } else if (sum->links_added || sum->links_removed) {
      std::printf("auto-link: %llu new links, %llu automatic links removed\n", (unsigned long long)sum->links_added,
                  (unsigned long long)sum->links_removed);
    }
    bool checked = std::any_of(sum->files.begin(), sum->files.end(), [](const auto& f) { return f.rows > 0; });
    bool roster = std::any_of(sum->files.begin(), sum->files.end(), [](const auto& f) { return f.roster_checked; });
    if (checked && !roster) {
      std::printf("note: no roster is imported yet, so officer ids were not checked (custodia roster import FILE)\n");
    }
  }
  PrintProblems(*sum, o.skip_bad);
  ctx.exit_code = sum->exit_code;
}

}  // namespace

void SetupImport(CLI::App& app, Context& ctx) {
  auto* import = app.add_subcommand("import", "Import records into the vault (attention records)");
  import->require_subcommand(1);
  import->footer(
      "Examples:\n"
      "  custodia import attentions atenciones-2026-01.csv\n"
      "  custodia import attentions a.jsonl b.jsonl --skip-bad --json\n"
      "(the device roster has its own command: custodia roster import FILE)");
  auto o = std::make_shared<ImportCli>();
  auto* cmd = import->add_subcommand("attentions", "Import attention records from CSV or JSON Lines files");
  cmd->add_option("files", o->files, "CSV or JSON Lines files")->required()->type_name("FILE");
  cmd->add_option("--format", o->format, "csv or jsonl (default: by extension, else by content)")
      ->check(CLI::IsMember({"auto", "csv", "jsonl"}));
  cmd->add_option("--encoding", o->encoding, "utf-8 (default) or windows-1252 (Excel on Windows)")
      ->check(CLI::IsMember({"utf-8", "windows-1252"}));
  cmd->add_flag("--skip-bad", o->skip_bad, "Import the good rows of a file with bad ones, list the rest (exit 3)");
  cmd->add_flag("--dry-run", o->dry_run, "Check everything and say what would happen; write nothing");
  cmd->add_flag("--no-link", o->no_link, "Do not auto-link the new and revised attentions to clips");
  cmd->add_option("--margin", o->margin, "Auto-link margin around attentions (default 10m)");
  cmd->add_option("--progress", o->progress, "auto (bar on a terminal, else plain), bar, plain, none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "ndjson", "none"}));
  cmd->footer(
      "Examples:\n"
      "  custodia import attentions atenciones-2026-01.csv\n"
      "  custodia import attentions export.csv --encoding windows-1252 --dry-run\n"
      "  custodia import attentions a.jsonl b.jsonl --skip-bad --json\n"
      "Every bad row is listed as file:line:column (field): why. By default a bad row means nothing is imported\n"
      "(exit 2); --skip-bad imports the good rows (exit 3). Each file is stored, signed, in the vault's imports/.\n"
      "Re-importing a record with the same content changes nothing; changed content is a logged revision.\n"
      "Exit: 0 imported (or nothing new); 2 bad input, nothing imported; 3 rows or files left out; 10 no vault;\n"
      "11 vault locked.");
  cmd->callback([&ctx, o] { RunImport(ctx, *o); });
}

}  // namespace custodia::cli
