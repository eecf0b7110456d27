// The .agentops/baseline file: strict parsing, sorted serialisation, and the
// C-quoting git uses for odd paths (core.quotePath's default).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "agentops/baseline.h"
#include "baseline/sha256.h"

namespace agentops {
namespace {

constexpr const char* kHeader =
    "# agentops baseline: known findings that no longer block (agentops baseline write); edit reasons only\n";

bool needs_quoting(std::string_view path) {
  return std::any_of(path.begin(), path.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
  });
}

// As git prints an odd path: in double quotes, with \t \n \" \\ and octal escapes.
std::string quote_path(std::string_view path) {
  if (path.empty()) return "\"\"";  // a change-wide finding (a secret in a name) has no path
  if (!needs_quoting(path)) return std::string(path);
  std::string out = "\"";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\t': out += "\\t"; continue;
      case '\n': out += "\\n"; continue;
      case '\v': out += "\\v"; continue;
      case '\f': out += "\\f"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (c < 0x20 || c >= 0x7f) {
      out += '\\';
      out += static_cast<char>('0' + ((c >> 6) & 7));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// The inverse of quote_path; an error message when `field` is malformed.
Result<std::string> unquote_path(std::string_view field) {
  if (field.empty()) return Error{"the path is empty (write \"\" for a finding without a path)"};
  if (field.front() != '"') {
    if (needs_quoting(field)) return Error{"the path holds a character that must be quoted as git quotes it"};
    return std::string(field);
  }
  if (field.size() < 2 || field.back() != '"') return Error{"the quoted path has no closing quote"};
  const std::string_view body = field.substr(1, field.size() - 2);
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '"') return Error{"the quoted path has an unescaped quote"};
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    if (++i == body.size()) return Error{"the quoted path ends in a backslash"};
    switch (body[i]) {
      case '"': out += '"'; continue;
      case '\\': out += '\\'; continue;
      case 'a': out += '\a'; continue;
      case 'b': out += '\b'; continue;
      case 't': out += '\t'; continue;
      case 'n': out += '\n'; continue;
      case 'v': out += '\v'; continue;
      case 'f': out += '\f'; continue;
      case 'r': out += '\r'; continue;
      default: break;
    }
    if (i + 2 >= body.size() || body[i] < '0' || body[i] > '3' || body[i + 1] < '0' || body[i + 1] > '7' ||
        body[i + 2] < '0' || body[i + 2] > '7')
      return Error{"the quoted path has an unknown escape"};
    out += static_cast<char>((body[i] - '0') * 64 + (body[i + 1] - '0') * 8 + (body[i + 2] - '0'));
    i += 2;
  }
  return out;
}

bool is_hex64(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_rule_id(std::string_view rule) {
  return !rule.empty() && std::all_of(rule.begin(), rule.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7f;
  });
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7f;
  });
}

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

std::string key_from_hex(std::string_view hex) {
  std::string key;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) key += static_cast<char>(hex_value(hex[i]) * 16 + hex_value(hex[i + 1]));
  return key;
}

std::string hex_of_bytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

bool entry_less(const BaselineEntry& a, const BaselineEntry& b) {
  return std::tie(a.rule, a.path, a.fingerprint) < std::tie(b.rule, b.path, b.fingerprint);
}

std::vector<std::string_view> split_tabs(std::string_view line, size_t max_fields) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < max_fields) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) break;
    fields.push_back(line.substr(0, tab));
    line.remove_prefix(tab + 1);
  }
  fields.push_back(line);
  return fields;
}

}  // namespace

const BaselineEntry* Baseline::find(std::string_view rule, std::string_view path, std::string_view fingerprint) const {
  const BaselineEntry probe{std::string(rule), std::string(path), std::string(fingerprint), ""};
  auto it = std::lower_bound(entries.begin(), entries.end(), probe, entry_less);
  if (it == entries.end() || it->rule != rule || it->path != path || it->fingerprint != fingerprint) return nullptr;
  return &*it;
}

Result<Baseline> parse_baseline(std::string_view text, std::string_view name) {
  Baseline baseline;
  bool version_seen = false, key_seen = false;
  size_t number = 0;
  const auto problem = [&](const std::string& what) {
    return Error{std::string(name) + ":" + std::to_string(number) + ": " + what};
  };
  while (!text.empty()) {
    ++number;
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.find('\r') != std::string_view::npos) return problem("a carriage return (write the file with LF line ends)");
    if (!line.empty() && line.front() == '#') continue;
    if (line.empty()) return problem("an empty line (comments start with '#')");
    const auto fields = split_tabs(line, 4);
    if (!version_seen) {
      if (fields.size() != 2 || fields[0] != "version") return problem("expected 'version<TAB>1' first");
      if (fields[1] != "1") return problem("unknown baseline version '" + std::string(fields[1]) + "' (this agentops reads version 1; upgrade agentops)");
      version_seen = true;
      continue;
    }
    if (!key_seen) {
      if (fields.size() != 2 || fields[0] != "key") return problem("expected 'key<TAB><64 hex digits>' after the version");
      if (!is_hex64(fields[1])) return problem("the key is not 64 lower-case hex digits");
      baseline.key = key_from_hex(fields[1]);
      key_seen = true;
      continue;
    }
    if (fields.size() != 4) return problem("expected rule<TAB>path<TAB>fingerprint<TAB>reason");
    if (!is_rule_id(fields[0])) return problem("the rule '" + std::string(fields[0]) + "' is not a rule id");
    // A baseline accepts known secrets (what scan --history finds), never a
    // gate or another rule: those a person approves change by change.
    if (!fields[0].starts_with("secret."))
      return problem("the rule '" + std::string(fields[0]) + "' is not a secret rule (a baseline lists findings of scan --history)");
    auto path = unquote_path(fields[1]);
    if (!path) return problem(path.error().message);
    if (!is_hex64(fields[2])) return problem("the fingerprint is not 64 lower-case hex digits");
    if (fields[3].empty()) return problem("the reason is empty (say why this finding is accepted)");
    if (has_control(fields[3])) return problem("the reason holds a control character");
    baseline.entries.push_back(BaselineEntry{std::string(fields[0]), std::move(*path), std::string(fields[2]),
                                             std::string(fields[3])});
  }
  ++number;
  if (!version_seen) return problem("no 'version<TAB>1' line");
  if (!key_seen) return problem("no 'key<TAB><64 hex digits>' line");
  std::stable_sort(baseline.entries.begin(), baseline.entries.end(), entry_less);
  for (size_t i = 1; i < baseline.entries.size(); ++i) {
    const auto& a = baseline.entries[i - 1];
    const auto& b = baseline.entries[i];
    if (!entry_less(a, b))
      return Error{std::string(name) + ": the finding " + a.rule + " " + quote_path(a.path) + " " + a.fingerprint +
                   " is listed twice"};
  }
  return baseline;
}

std::string serialize_baseline(const Baseline& baseline) {
  std::vector<BaselineEntry> entries = baseline.entries;
  std::sort(entries.begin(), entries.end(), entry_less);
  std::string out = kHeader;
  out += "version\t1\nkey\t" + hex_of_bytes(baseline.key) + "\n";
  for (const auto& entry : entries)
    out += entry.rule + "\t" + quote_path(entry.path) + "\t" + entry.fingerprint + "\t" + entry.reason + "\n";
  return out;
}

Result<std::string> random_baseline_key() {
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open /dev/urandom for the baseline key"};
  std::array<char, 32> bytes{};
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n <= 0) {
      ::close(fd);
      return Error{"cannot read /dev/urandom for the baseline key"};
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  return std::string(bytes.data(), bytes.size());
}

std::string matched_text_fingerprint(std::string_view key, std::string_view rule, std::string_view matched) {
  std::string message(rule);
  message += '\0';
  message += matched;
  return baseline::to_hex(baseline::hmac_sha256(key, message));
}

std::string finding_fingerprint(std::string_view key, const Finding& finding) {
  std::string message = finding.rule;
  for (const std::string* part : {&finding.path, &finding.message, &finding.excerpt}) {
    message += '\0';
    message += *part;
  }
  return baseline::to_hex(baseline::hmac_sha256(key.empty() ? std::string_view("agentops/v1") : key, message));
}

bool has_matched_text_fingerprint(const Baseline& baseline, const Finding& finding) {
  return !finding.fingerprint.empty() && finding.fingerprint != finding_fingerprint(baseline.key, finding);
}

void apply_baseline(const Baseline& baseline, std::vector<Finding>& findings) {
  for (auto& finding : findings) {
    if (finding.fingerprint.empty()) {
      finding.fingerprint = finding_fingerprint(baseline.key, finding);
      continue;
    }
    if (!finding.rule.starts_with("secret.") || !has_matched_text_fingerprint(baseline, finding)) continue;
    if (const BaselineEntry* entry = baseline.find(finding.rule, finding.path, finding.fingerprint)) {
      finding.baselined = true;
      finding.baseline_reason = entry->reason;
      finding.hint.clear();
    }
  }
}

Result<std::shared_ptr<const Baseline>> baseline_in_tree(const git::Repository& repo, git_tree* tree) {
  if (!tree) return std::shared_ptr<const Baseline>();
  auto text = git::read_tree_file(repo, tree, kBaselinePath);
  if (!text) return text.error();
  if (!*text) return std::shared_ptr<const Baseline>();
  auto parsed = parse_baseline(**text);
  if (!parsed) return Error{parsed.error().message + " (the committed baseline; fix it in a commit of its own)"};
  return std::shared_ptr<const Baseline>(std::make_shared<Baseline>(std::move(*parsed)));
}

}  // namespace agentops
