#include "sample_corpus.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/secrets.h"

namespace agentops::corpus {
namespace {

std::string unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    switch (field[++i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default: out += field[i];
    }
  }
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

AddedLines lines_of(std::string_view text) {
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start <= text.size(); ++number) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.add(number, text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string percent(size_t part, size_t whole) {
  if (whole == 0) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer;
}

}  // namespace

Result<std::vector<Sample>> load_samples(const std::string& file) {
  std::ifstream in(file);
  if (!in) return Error{"cannot read " + file};
  std::vector<Sample> samples;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    const auto fields = split_tabs(line);
    if (fields.size() != 5 || (fields[0] != "tp" && fields[0] != "fp"))
      return Error{file + ":" + std::to_string(number) + ": expected kind, rule, path, style, text"};
    samples.push_back(Sample{fields[0] == "tp", std::string(fields[1]), unescape(fields[2]), unescape(fields[3]),
                             unescape(fields[4])});
  }
  return samples;
}

Result<Score> score(const SecretsPolicy& secrets, const std::vector<Sample>& samples) {
  auto scanner = SecretScanner::compile(secrets);
  if (!scanner) return scanner.error();
  Score score;
  for (const Sample& sample : samples) {
    ChangedFile file;
    file.path = sample.path.empty() ? "config/settings.txt" : sample.path;
    file.status = FileStatus::added;
    file.size = sample.text.size();
    std::vector<Finding> findings;
    if (auto scanned = scanner->scan(file, lines_of(sample.text), findings); !scanned) return scanned.error();
    for (Tally* tally : {&score.total, &score.by_rule[sample.rule], &score.by_style[sample.style]}) {
      if (sample.true_positive) {
        ++tally->true_samples;
        tally->found += !findings.empty();
        tally->found_by_provider += std::any_of(findings.begin(), findings.end(),
                                                [](const Finding& f) { return f.rule != kGenericRule; });
      } else {
        ++tally->false_samples;
        tally->flagged += !findings.empty();
      }
    }
    if (sample.true_positive && findings.empty()) score.missed.push_back(&sample);
    if (!sample.true_positive && !findings.empty()) score.flagged.emplace_back(&sample, findings.front().rule);
  }
  return score;
}

std::string markdown(const Score& score) {
  std::ostringstream out;
  const Tally& t = score.total;
  out << "| samples | found | by a provider rule | false samples | flagged |\n|---|---|---|---|---|\n"
      << "| " << t.true_samples << " | " << t.found << " (" << percent(t.found, t.true_samples) << ") | "
      << t.found_by_provider << " (" << percent(t.found_by_provider, t.true_samples) << ") | " << t.false_samples
      << " | " << t.flagged << " |\n\n";
  out << "| assignment style | samples | found |\n|---|---|---|\n";
  for (const auto& [style, tally] : score.by_style)
    out << "| " << (style.empty() ? "(hand-written)" : style) << " | " << tally.true_samples << " | "
        << percent(tally.found, tally.true_samples) << " |\n";
  out << "\n| gitleaks rule | samples | found | by a provider rule | false samples | flagged |\n"
         "|---|---|---|---|---|---|\n";
  for (const auto& [rule, tally] : score.by_rule)
    out << "| " << rule << " | " << tally.true_samples << " | " << percent(tally.found, tally.true_samples) << " | "
        << percent(tally.found_by_provider, tally.true_samples) << " | " << tally.false_samples << " | "
        << tally.flagged << " |\n";
  return out.str();
}

}  // namespace agentops::corpus
