// `agentops policy show`: the effective policy as TOML, each value followed by
// where it came from (a preset, a file and line, the floor, or the default).
#include <fmt/format.h>

#include "agentops/policy.h"
#include "agentops/rules.h"
#include "policy/toml_text.h"

namespace agentops {
namespace {

std::string quoted(std::string_view text) { return detail::toml_string(text); }
std::string list(const std::vector<std::string>& items) { return detail::toml_list(items); }

class Writer {
 public:
  explicit Writer(const Policy& policy) : policy_(policy) {}

  void section(std::string_view name) {
    section_ = std::string(name);
    fmt::format_to(std::back_inserter(out_), "\n[{}]\n", name);
  }
  // `origin_key` defaults to section.key, the name Policy::origins uses.
  void value(std::string_view key, const std::string& rendered, std::string origin_key = "") {
    const std::string dotted = !origin_key.empty() ? origin_key
                               : section_.empty()  ? std::string(key)
                                                   : section_ + "." + std::string(key);
    auto it = policy_.origins.find(dotted);
    const std::string origin = it == policy_.origins.end() ? "default" : it->second;
    fmt::format_to(std::back_inserter(out_), "{:<44} # {}\n", fmt::format("{} = {}", key, rendered), origin);
  }
  void comment(const std::string& text) { fmt::format_to(std::back_inserter(out_), "# {}\n", text); }
  void raw(const std::string& text) { out_ += text; }
  std::string take() { return std::move(out_); }

 private:
  const Policy& policy_;
  std::string section_;
  std::string out_;
};

const char* name(BinaryFiles value) {
  return value == BinaryFiles::block ? "block" : value == BinaryFiles::warn ? "warn" : "allow";
}
const char* name(MessageFormat value) {
  return value == MessageFormat::conventional ? "conventional" : value == MessageFormat::regex ? "regex" : "none";
}

}  // namespace

std::string describe_policy(const Policy& policy) {
  Writer w(policy);
  w.comment("effective policy: " + policy.source);
  for (const auto& note : policy.floor_notes) w.comment("floor: " + note);
  w.raw("version = 1\n");

  w.section("secrets");
  w.value("enabled", policy.secrets.enabled ? "true" : "false");
  w.value("allow_paths", list(policy.secrets.allow_paths));
  w.value("allow_regexes", list(policy.secrets.allow_regexes));
  if (!policy.secrets.allow_path_regexes.empty())
    w.value("allow_path_regexes", list(policy.secrets.allow_path_regexes));
  w.value("stopwords", list(policy.secrets.stopwords));
  if (!policy.secrets.builtin) w.value("builtin", "false");
  if (!policy.secrets.gitleaks_config.empty()) w.value("gitleaks_config", quoted(policy.secrets.gitleaks_config));
  for (const auto& note : policy.secrets.import_notes) w.comment("gitleaks import: " + note);
  w.comment(fmt::format("{} secret rules (agentops explain secret.<id>):", policy.secrets.rules.size()));
  for (const auto& rule : policy.secrets.rules) {
    auto it = policy.origins.find("secrets.rules." + rule.id);
    w.comment(fmt::format("  {:<34} {:<6} {}", rule.id, to_string(rule.severity),
                          it == policy.origins.end() ? "" : it->second));
  }

  w.section("limits");
  w.value("max_file_bytes", std::to_string(policy.limits.max_file_bytes));
  w.value("max_files_changed", std::to_string(policy.limits.max_files_changed));
  w.value("max_lines_changed", std::to_string(policy.limits.max_lines_changed));
  w.value("binary_files", quoted(name(policy.limits.binary_files)));
  w.value("exclude_paths", list(policy.limits.exclude_paths));

  w.section("paths");
  w.value("forbidden", list(policy.paths.forbidden));
  w.value("protected", list(policy.paths.protected_paths));
  w.comment("\".agentops/**\" is always protected");
  w.value("tests", list(policy.paths.tests));
  w.value("tests_removed_min_lines", std::to_string(policy.paths.tests_removed_min_lines));

  for (const auto& rule : policy.content) {
    w.raw("\n[[content]]\n");
    auto it = policy.origins.find("content." + rule.id);
    w.raw(fmt::format("{:<44} # {}\n", "id = " + quoted(rule.id), it == policy.origins.end() ? "default" : it->second));
    w.raw("regex = " + quoted(rule.regex) + "\n");
    if (!rule.paths.empty()) w.raw("paths = " + list(rule.paths) + "\n");
    if (!rule.exclude_paths.empty()) w.raw("exclude_paths = " + list(rule.exclude_paths) + "\n");
    w.raw(std::string("severity = ") + quoted(to_string(rule.severity)) + "\n");
  }

  w.section("message");
  w.value("format", quoted(name(policy.message.format)));
  w.value("applies_to", quoted(policy.message.applies_to == MessageAppliesTo::agents ? "agents" : "everyone"));
  if (!policy.message.pattern.empty()) w.value("pattern", quoted(policy.message.pattern));
  w.value("types", list(policy.message.types));
  w.value("scopes", list(policy.message.scopes));
  w.value("subject_max", std::to_string(policy.message.subject_max));
  w.value("body_required_above_lines", std::to_string(policy.message.body_required_above_lines));
  w.value("required_trailers", list(policy.message.required_trailers));
  w.value("forbidden_trailers", list(policy.message.forbidden_trailers));
  w.value("required_sections", list(policy.message.required_sections));
  w.value("placeholder_subjects", list(policy.message.placeholder_subjects));

  w.section("agents");
  w.value("markers", list(policy.agents.markers));
  w.value("required_trailers", list(policy.agents.required_trailers));
  w.value("require_approval", policy.agents.require_approval ? "true" : "false");

  w.section("branches");
  w.value("protected", list(policy.branches.protected_branches));
  w.value("no_direct_commit", policy.branches.no_direct_commit ? "true" : "false");
  w.value("no_force_push", policy.branches.no_force_push ? "true" : "false");
  w.value("no_delete", policy.branches.no_delete ? "true" : "false");
  w.value("name_pattern", quoted(policy.branches.name_pattern));
  w.value("require_signed", policy.branches.require_signed ? "true" : "false");
  w.value("gpg_keyring", quoted(policy.branches.gpg_keyring));

  w.section("gates");
  w.value("approval_trailer", quoted(policy.gates.approval_trailer));
  w.value("approvers", list(policy.gates.approvers));
  w.value("approval", quoted(policy.gates.mode == GateMode::tty               ? "tty"
                             : policy.gates.mode == GateMode::signed_approval ? "signed"
                                                                              : "trailer"));
  w.value("allowed_signers", quoted(policy.gates.allowed_signers));
  w.value("max_lines_without_approval", std::to_string(policy.gates.max_lines_without_approval));
  w.value("max_files_without_approval", std::to_string(policy.gates.max_files_without_approval));

  for (const auto& validator : policy.validators) {
    w.raw("\n[[validators]]\n");
    w.raw("name = " + quoted(validator.name) + "\n");
    w.raw("run = " + list(validator.run) + "\n");
    if (!validator.files.empty()) w.raw("files = " + list(validator.files) + "\n");
    w.raw(fmt::format("timeout_s = {}\n", validator.timeout_s));
  }

  w.section("telemetry");
  w.value("enabled", policy.telemetry.enabled ? "true" : "false");

  w.section("severity");
  for (const auto& rule : builtin_rules()) {
    Severity severity = severity_of(policy, rule.id);
    // [limits] binary_files decides this one unless it is "warn".
    if (rule.id == "limit.binary-file" && policy.limits.binary_files != BinaryFiles::warn)
      severity = policy.limits.binary_files == BinaryFiles::block ? Severity::block : Severity::off;
    w.value(quoted(rule.id), quoted(to_string(severity)), "severity." + rule.id);
  }
  return w.take();
}

}  // namespace agentops
