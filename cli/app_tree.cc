#include "app_tree.h"

#include "context.h"

namespace custodia::cli {

namespace {

std::vector<std::string> Choices(const std::string& type_name) {
  // CLI11 appends each validator's description: "TEXT:{auto,bar,plain}".
  std::vector<std::string> out;
  size_t open = type_name.find(":{");
  size_t close = type_name.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string list = type_name.substr(open + 2, close - open - 2);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

CliOption DescribeOption(const CLI::Option& opt) {
  CliOption o;
  for (const auto& s : opt.get_snames()) o.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) o.names.push_back("--" + l);
  o.positional = !opt.nonpositional();
  if (o.positional) o.names.push_back(opt.get_name(true, false));
  o.required = opt.get_required();
  o.takes_value = opt.get_expected_max() > 0 && opt.get_type_size_max() > 0;  // flags expect 0 values
  o.repeats = opt.get_items_expected_max() > 1;
  std::string type = opt.get_type_name();
  o.value_name = type.substr(0, type.find(':'));
  o.choices = Choices(type);
  o.help = opt.get_description();
  return o;
}

void Describe(const CLI::App& app, const std::string& path, bool hidden, CliCommand& out) {
  out.path = path;
  out.name = app.get_name();
  out.description = app.get_description();
  out.footer = app.get_footer();
  out.hidden = hidden;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden option
    CliOption o = DescribeOption(*opt);
    if (!o.names.empty()) out.options.push_back(std::move(o));
  }
  std::stable_partition(out.options.begin(), out.options.end(), [](const CliOption& o) { return !o.positional; });
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    CliCommand c;
    Describe(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), hidden || sub->get_group().empty(),
             c);
    out.subcommands.push_back(std::move(c));
  }
}

void Collect(const CliCommand& c, bool with_hidden, std::vector<const CliCommand*>& out) {
  for (const auto& s : c.subcommands) {
    if (s.hidden && !with_hidden) continue;
    out.push_back(&s);
    Collect(s, with_hidden, out);
  }
}

}  // namespace

std::string CliOption::ValueKind() const {
  if (!choices.empty()) return "choices";
  if (value_name.find("DIR") != std::string::npos) return "dir";
  if (value_name.find("FILE") != std::string::npos || value_name.find("SRC") != std::string::npos ||
      value_name.find("PATH") != std::string::npos) {
    return "file";
  }
  return "any";
}

CliCommand DescribeApp(const CLI::App& app) {
  CliCommand root;
  Describe(app, "", false, root);
  return root;
}

std::vector<const CliCommand*> AllCommands(const CliCommand& root, bool with_hidden) {
  std::vector<const CliCommand*> out;
  Collect(root, with_hidden, out);
  return out;
}

std::vector<std::pair<std::string, std::string>> ExitCodeTable() {
  std::string text = ExitCodesHelp();
  size_t colon = text.find(": ");
  if (colon != std::string::npos) text = text.substr(colon + 2);
  if (!text.empty() && text.back() == '.') text.pop_back();
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("; ", start);
    std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    size_t space = item.find(' ');
    if (space != std::string::npos) out.emplace_back(item.substr(0, space), item.substr(space + 1));
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return out;
}

}  // namespace custodia::cli
