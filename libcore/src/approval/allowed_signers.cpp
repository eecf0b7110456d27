// OpenSSH allowed-signers files read the way OpenSSH 9.2 reads them
// (sshsig.c parse_principals_key_and_options, sshsigopt_parse; misc.c
// strdelimw, parse_absolute_time; match.c match_pattern_list), see
// allowed_signers.h.
#include "approval/allowed_signers.h"

#include <cctype>
#include <ctime>
#include <optional>

#include "approval/ssh_signature.h"

namespace agentops::approval {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void skip_blanks(std::string_view& text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
}

// misc.c strdelimw: the next whitespace-separated token; a '"' inside it
// quotes up to the next '"' (the quotes dropped). nullopt when a quote is not closed.
std::optional<std::string> next_token(std::string_view& text) {
  std::string token;
  size_t at = 0;
  while (at < text.size() && !is_blank(text[at]) && text[at] != '"') ++at;
  token.assign(text.substr(0, at));
  if (at < text.size() && text[at] == '"') {
    const size_t close = text.find('"', at + 1);
    if (close == std::string_view::npos) return std::nullopt;
    token.append(text.substr(at + 1, close - at - 1));
    text.remove_prefix(close + 1);
  } else {
    text.remove_prefix(at);
  }
  skip_blanks(text);
  return token;
}

// The key types OpenSSH 9.2 reads (sshkey.c keytypes[]), plain and as certificates.
bool is_key_type(std::string_view type) {
  static constexpr std::string_view kTypes[] = {
      "ssh-ed25519", "sk-ssh-ed25519@openssh.com", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512", "ssh-dss",
      "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ecdsa-sha2-nistp256@openssh.com",
      "ssh-xmss@openssh.com"};
  constexpr std::string_view kCertSuffix = "-cert-v01@openssh.com";
  for (auto known : kTypes) {
    if (type == known) return true;
    // "ssh-ed25519-cert-v01@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com"
    std::string_view base = known.substr(0, known.find('@'));
    if (type.size() == base.size() + kCertSuffix.size() && type.substr(0, base.size()) == base &&
        type.substr(base.size()) == kCertSuffix)
      return true;
  }
  return false;
}

// The wire-format string at the start of `blob`, or "" when it has none.
std::string first_string(std::string_view blob) {
  if (blob.size() < 4) return "";
  std::uint32_t length = 0;
  for (size_t i = 0; i < 4; ++i) length = (length << 8) | static_cast<unsigned char>(blob[i]);
  if (length > blob.size() - 4) return "";
  return std::string(blob.substr(4, length));
}

struct KeyRead {
  std::string type;
  std::string blob;
};

// sshkey_read: "TYPE BASE64" whose blob is a key of TYPE; nullopt otherwise.
std::optional<KeyRead> read_key(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && !is_blank(text[at])) ++at;
  const std::string_view type = text.substr(0, at);
  if (!is_key_type(type)) return std::nullopt;
  text.remove_prefix(at);
  skip_blanks(text);
  at = 0;
  while (at < text.size() && !is_blank(text[at])) ++at;
  auto blob = base64_decode(text.substr(0, at));
  if (!blob) return std::nullopt;
  std::string blob_type = first_string(*blob);
  // ssh-keygen names RSA keys "ssh-rsa" inside the blob whatever the line says.
  const bool rsa_alias = (type == "rsa-sha2-256" || type == "rsa-sha2-512") && blob_type == "ssh-rsa";
  if (blob_type != type && !rsa_alias) return std::nullopt;
  return KeyRead{std::string(type), std::move(*blob)};
}

// sshkey_advance_past_options: up to the first blank outside quotes; nullopt
// when the options end inside a quote.
std::optional<std::string_view> take_options(std::string_view& text) {
  bool quoted = false;
  size_t at = 0;
  for (; at < text.size() && (quoted || (text[at] != ' ' && text[at] != '\t')); ++at) {
    if (text[at] == '\\' && at + 1 < text.size() && text[at + 1] == '"')
      ++at;
    else if (text[at] == '"')
      quoted = !quoted;
  }
  if (at == text.size() && quoted) return std::nullopt;
  const std::string_view options = text.substr(0, at);
  text.remove_prefix(at);
  skip_blanks(text);
  return options;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// misc.c opt_dequote: a value in double quotes, \" escaping a quote.
std::optional<std::string> dequote(std::string_view& options, std::string& problem) {
  if (options.empty() || options.front() != '"') {
    problem = "missing start quote";
    return std::nullopt;
  }
  std::string value;
  size_t at = 1;
  while (at < options.size() && options[at] != '"') {
    if (options[at] == '\\' && at + 1 < options.size() && options[at + 1] == '"') ++at;
    value.push_back(options[at++]);
  }
  if (at == options.size()) {
    problem = "missing end quote";
    return std::nullopt;
  }
  options.remove_prefix(at + 1);
  return value;
}

bool all_digits(std::string_view text) {
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

// misc.c parse_absolute_time: YYYYMMDD[HHMM[SS]], a trailing "Z" or "UTC" for
// UTC, else local time. Seconds since the epoch, nullopt when ssh-keygen would refuse it.
std::optional<std::int64_t> parse_time(std::string_view text) {
  bool utc = false;
  if (text.size() > 1 && (text.back() == 'Z' || text.back() == 'z')) {
    utc = true;
    text.remove_suffix(1);
  } else if (text.size() > 3 && starts_with_ignoring_case(text.substr(text.size() - 3), "UTC")) {
    utc = true;
    text.remove_suffix(3);
  }
  if ((text.size() != 8 && text.size() != 12 && text.size() != 14) || !all_digits(text)) return std::nullopt;
  std::tm time{};
  time.tm_year = number(text.substr(0, 4)) - 1900;
  time.tm_mon = number(text.substr(4, 2)) - 1;
  time.tm_mday = number(text.substr(6, 2));
  if (text.size() >= 12) {
    time.tm_hour = number(text.substr(8, 2));
    time.tm_min = number(text.substr(10, 2));
  }
  if (text.size() == 14) time.tm_sec = number(text.substr(12, 2));
  // strptime's ranges (%m 1-12, %d 1-31, %H 0-23, %M 0-59, %S 0-60).
  if (time.tm_mon < 0 || time.tm_mon > 11 || time.tm_mday < 1 || time.tm_mday > 31 || time.tm_hour > 23 ||
      time.tm_min > 59 || time.tm_sec > 60)
    return std::nullopt;
  const std::time_t seconds = utc ? ::timegm(&time) : std::mktime(&time);
  if (seconds < 0) return std::nullopt;
  return static_cast<std::int64_t>(seconds);
}

// sshsigopt_parse: cert-authority, namespaces="...", valid-after="...",
// valid-before="..." (names in any case), comma-separated; anything else refused.
Status parse_options(std::string_view options, AllowedSigner& signer) {
  bool have_namespaces = false;
  std::int64_t after = 0, before = 0;
  while (!options.empty()) {
    std::string problem;
    auto value_of = [&](std::string_view name) -> std::optional<std::string> {
      options.remove_prefix(name.size() + 1);
      return dequote(options, problem);
    };
    auto is_option = [&](std::string_view name) {
      return starts_with_ignoring_case(options, name) && options.size() > name.size() && options[name.size()] == '=';
    };
    if (starts_with_ignoring_case(options, "cert-authority") &&
        (options.size() == 14 || options[14] == ',')) {
      signer.cert_authority = true;
      options.remove_prefix(14);
    } else if (is_option("namespaces")) {
      if (have_namespaces) return Error{"multiple \"namespaces\" clauses"};
      auto value = value_of("namespaces");
      if (!value) return Error{problem};
      have_namespaces = true;
      signer.namespaces.clear();
      size_t start = 0;
      while (true) {
        const size_t comma = value->find(',', start);
        signer.namespaces.push_back(value->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (is_option("valid-after") || is_option("valid-before")) {
      const bool is_after = is_option("valid-after");
      const std::string_view name = is_after ? "valid-after" : "valid-before";
      std::string& written = is_after ? signer.valid_after : signer.valid_before;
      if (!written.empty()) return Error{"multiple \"" + std::string(name) + "\" clauses"};
      auto value = value_of(name);
      if (!value) return Error{problem};
      const auto seconds = parse_time(*value);
      if (!seconds || *seconds == 0)
        return Error{"invalid \"" + std::string(name) + "\" time \"" + *value + "\" (YYYYMMDD[HHMM[SS]], Z for UTC)"};
      written = *value;
      (is_after ? after : before) = *seconds;
    }
    if (options.empty()) break;
    if (options.front() != ',') return Error{"unknown key option at \"" + std::string(options) + "\""};
    options.remove_prefix(1);
    if (options.empty()) return Error{"unexpected end-of-options"};
  }
  if (after != 0 && before != 0 && before <= after) return Error{"\"valid-before\" time is before \"valid-after\""};
  return Ok{};
}

std::vector<std::string> split_patterns(std::string_view list) {
  std::vector<std::string> patterns;
  size_t start = 0;
  while (true) {
    const size_t comma = list.find(',', start);
    patterns.emplace_back(list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return patterns;
}

// match.c match_pattern: `*` any run, `?` any one character, case-sensitive.
bool match_pattern(std::string_view text, std::string_view pattern) {
  size_t t = 0, p = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// match.c match_pattern_list: a negated pattern that matches refuses outright.
bool match_pattern_list(std::string_view text, const std::vector<std::string>& patterns) {
  bool positive = false;
  for (const auto& pattern : patterns) {
    const bool negated = !pattern.empty() && pattern.front() == '!';
    if (!match_pattern(text, negated ? std::string_view(pattern).substr(1) : std::string_view(pattern))) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

Result<AllowedSigner> parse_line(std::string_view line, std::uint32_t number) {
  AllowedSigner signer;
  signer.line = number;
  auto principals = next_token(line);
  if (!principals) return Error{"unclosed quote in the principals"};
  if (line.empty()) return Error{"invalid line: expected principals, options and a key"};
  signer.principals = split_patterns(*principals);
  auto key = read_key(line);
  if (!key) {
    auto options = take_options(line);
    if (!options) return Error{"invalid options: unclosed quote"};
    if (line.empty()) return Error{"missing key"};
    key = read_key(line);
    if (!key) return Error{"invalid key: expected a key type (ssh-ed25519, ...) and its base64"};
    auto parsed = parse_options(*options, signer);
    if (!parsed) return Error{"bad options: " + parsed.error().message};
  }
  signer.key_type = std::move(key->type);
  signer.key_blob = std::move(key->blob);
  return signer;
}

}  // namespace

Result<std::vector<AllowedSigner>> parse_allowed_signers(std::string_view text) {
  std::vector<AllowedSigner> signers;
  std::uint32_t number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto signer = parse_line(line, number);
    if (!signer) return Error{"line " + std::to_string(number) + ": " + signer.error().message};
    signers.push_back(std::move(*signer));
  }
  return signers;
}

bool principal_matches(const AllowedSigner& signer, std::string_view principal) {
  return match_pattern_list(principal, signer.principals);
}

bool allows_namespace(const AllowedSigner& signer, std::string_view name_space) {
  return signer.namespaces.empty() || match_pattern_list(name_space, signer.namespaces);
}

bool expired(const AllowedSigner& signer, std::int64_t now) {
  if (signer.valid_before.empty()) return false;
  const auto before = parse_time(signer.valid_before);
  return !before || now > *before;
}

bool not_yet_valid(const AllowedSigner& signer, std::int64_t now) {
  if (signer.valid_after.empty()) return false;
  const auto after = parse_time(signer.valid_after);
  return !after || now < *after;
}

std::vector<std::string> principals_for(const std::vector<AllowedSigner>& signers, std::string_view name_space) {
  std::vector<std::string> principals;
  for (const auto& signer : signers) {
    if (!allows_namespace(signer, name_space)) continue;
    for (const auto& principal : signer.principals) {
      if (principal.empty() || principal.front() == '!') continue;
      bool seen = false;
      for (const auto& listed : principals) seen = seen || listed == principal;
      if (!seen) principals.push_back(principal);
    }
  }
  return principals;
}

}  // namespace agentops::approval
