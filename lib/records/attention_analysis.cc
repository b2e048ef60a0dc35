#include "records/attention_analysis.h"

#include <algorithm>
#include <cstring>

#include "custodia/importer.h"

namespace custodia::records_internal {

namespace {

constexpr uint64_t kProgressEvery = 50'000;  // records

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimView(std::string_view s, std::string_view chars = " \t\r\"") {
  size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(chars);
  return s.substr(b, e - b + 1);
}

// Walks the raw text forward, line by line (line numbers only grow).
class LineCursor {
 public:
  explicit LineCursor(std::string_view data) : data_(data) {}
  std::string_view Line(uint64_t line) {
    while (line_ < line && pos_ < data_.size()) {
      const void* nl = std::memchr(data_.data() + pos_, '\n', data_.size() - pos_);
      pos_ = nl ? size_t(static_cast<const char*>(nl) - data_.data()) + 1 : data_.size();
      ++line_;
    }
    std::string_view rest = data_.substr(pos_);
    return rest.substr(0, rest.find('\n'));
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
};

// The 1-based column of "officers" in a CSV header; 0 if not found.
int CsvOfficersColumn(std::string_view data, char delimiter) {
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  size_t start = data.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return 0;
  std::string_view header = data.substr(start);
  header = header.substr(0, header.find('\n'));
  int column = 1;
  while (true) {
    size_t d = header.find(delimiter);
    if (Lower(TrimView(header.substr(0, d))) == "officers") return column;
    if (d == std::string_view::npos) return 0;
    header.remove_prefix(d + 1);
    ++column;
  }
}

// The 1-based position of the "officers" member in a JSON Lines object.
int JsonOfficersColumn(std::string_view line) {
  auto j = nlohmann::ordered_json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return 0;
  int column = 1;
  for (auto it = j.begin(); it != j.end(); ++it, ++column) {
    if (it.key() == "officers") return column;
  }
  return 0;
}

struct UnknownOfficers {
  uint64_t line;
  std::vector<std::string> officers;
};

std::string Quoted(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "\"" : ", \"") + id + "\"";
  return out;
}

}  // namespace

Result<AttentionAnalysis> AnalyzeAttentions(std::string_view data, const std::string& file,
                                            const ImportOptions& import, const AnalysisOptions& opts) {
  AttentionAnalysis out;
  std::vector<UnknownOfficers> unknown;
  Status failed;
  uint64_t total_lines = 0;
  if (opts.progress) total_lines = std::max<uint64_t>(1, std::count(data.begin(), data.end(), '\n'));
  auto sink = [&](Attention&& a, uint64_t line) {
    if (!failed.ok()) return;
    if (opts.progress && (out.records + unknown.size()) % kProgressEvery == 0) {
      opts.progress(std::min<uint64_t>(data.size(), data.size() * line / total_lines));
    }
    if (opts.roster) {
      std::vector<std::string> missing;
      for (const auto& o : a.officers) {
        if (!opts.roster->KnowsOfficer(o)) missing.push_back(o);
      }
      if (!missing.empty()) {
        unknown.push_back({line, std::move(missing)});
        return;
      }
    }
    ++out.records;
    if (opts.digests) {
      opts.digests->ids.append(a.id);
      opts.digests->ends.push_back(uint32_t(opts.digests->ids.size()));
      Sha256Digest hash{};
      bool known = false;
      if (opts.digest_index) {
        auto current = opts.digest_index->GetAttentionHash(a.id);
        if (!current.ok()) {
          failed = current.status();
          return;
        }
        known = current->has_value();
      }
      if (known || !opts.digest_index) hash = Sha256::Of(a.ToCanonicalJson());
      opts.digests->hashes.push_back(hash);
    }
    if (!opts.compare_with) {
      ++out.new_records;
      return;
    }
    auto current_hash = opts.compare_with->GetAttentionHash(a.id);
    if (!current_hash.ok()) {
      failed = current_hash.status();
      return;
    }
    if (!*current_hash) {
      ++out.new_records;
      out.changed_ids.push_back(a.id);
      return;
    }
    std::string hash = a.ContentHash();
    if (**current_hash == hash) {
      ++out.unchanged;
      return;
    }
    auto current = opts.compare_with->GetAttention(a.id);
    if (!current.ok() || !*current) {
      failed = current.ok() ? Status::Integrity("attention " + a.id + " vanished from the index") : current.status();
      return;
    }
    ++out.revised;
    out.changed_ids.push_back(a.id);
    RevisionFacts r;
    r.id = a.id;
    r.line = line;
    r.old_hash = (*current)->content_hash;
    r.new_hash = std::move(hash);
    r.old_version = (*current)->version;
    r.new_version = (*current)->version + 1;
    r.changed = AttentionChanges((*current)->record, a);
    out.revisions.push_back(std::move(r));
  };
  ASSIGN_OR_RETURN(out.parse, ParseAttentionsStreaming(data, file, import, sink));
  RETURN_IF_ERROR(failed);
  if (!unknown.empty()) {
    bool csv = out.parse.format == ImportFormat::kCsv;
    int csv_column = csv ? CsvOfficersColumn(data, out.parse.delimiter) : 0;
    LineCursor cursor(data);
    for (auto& u : unknown) {
      int column = csv ? csv_column : JsonOfficersColumn(cursor.Line(u.line));
      std::string who = u.officers.size() == 1 ? "officer " + Quoted(u.officers) + " is" : "officers " + Quoted(u.officers) + " are";
      out.parse.errors.push_back(RowError{file, u.line, column, "officers",
                                          who + " not in the roster (" + opts.roster_name +
                                              "); fix the id, or import a roster that lists every officer"});
    }
    std::stable_sort(out.parse.errors.begin(), out.parse.errors.end(), [](const RowError& a, const RowError& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
  }
  if (opts.progress) opts.progress(data.size());
  return out;
}

Result<bool> ClassifyByDigests(const RecordDigests& digests, Index& index, AttentionAnalysis* out) {
  out->new_records = out->revised = out->unchanged = 0;
  out->changed_ids.clear();
  out->revisions.clear();
  for (size_t i = 0; i < digests.size(); ++i) {
    std::string_view id = digests.id(i);
    ASSIGN_OR_RETURN(auto current, index.GetAttentionHash(id));
    if (!current) {
      ++out->new_records;
      out->changed_ids.emplace_back(id);
    } else if (digests.hashes[i] != Sha256Digest{} && *current == HexOf(digests.hashes[i])) {
      ++out->unchanged;
    } else {
      return false;  // revised, or imported by someone else since the check
    }
  }
  return true;
}

}  // namespace custodia::records_internal
