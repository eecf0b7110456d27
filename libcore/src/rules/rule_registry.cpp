// The registry of built-in rules: one row per rule id, with the words `explain` prints.
#include <algorithm>

#include "agentops/rules.h"

namespace agentops {

const std::vector<RuleInfo>& builtin_rules() {
  static const std::vector<RuleInfo> rules = {
      {"limit.file-bytes", Severity::block,
       "a file in the change is larger than [limits] max_file_bytes",
       "large files bloat every clone forever and cannot be reviewed; agentops reads only the "
       "object header, so a huge file is refused without being loaded",
       "keep the file out of git (Git LFS, an artifact store) or raise [limits] max_file_bytes"},
      {"limit.files-changed", Severity::block,
       "the change touches more files than [limits] max_files_changed",
       "a change must fit in a reviewer's context; agents especially tend to sweep wide",
       "split the change into smaller commits"},
      {"limit.lines-changed", Severity::block,
       "the change adds and removes more lines than [limits] max_lines_changed",
       "a 4,000-line change is approved, not reviewed",
       "split the change into smaller commits, each whole and green"},
      {"limit.binary-file", Severity::warn,
       "the change adds or modifies a binary file ([limits] binary_files)",
       "binary files cannot be reviewed line by line and hide content from every other rule",
       "keep generated and binary artifacts out of git, or allow them with [limits] binary_files"},
      {"limit.not-scanned", Severity::warn,
       "a file was too large to scan for secrets and no size limit refused it",
       "an unscanned file can carry a credential",
       "set [limits] max_file_bytes so that files this large are refused"},
      {"path.forbidden", Severity::block,
       "the change adds or modifies a path matching [paths] forbidden",
       "some files never belong in a repository (.env files, private keys, credentials)",
       "remove the file from the change (git rm --cached PATH) and add it to .gitignore"},
      {"path.protected", Severity::gate,
       "the change touches a path matching [paths] protected (.agentops/ always)",
       "CI workflows, the policy itself and other control files decide what every later change "
       "may do; a person must approve changes to them",
       "have a human approve the commit: the approval trailer ([gates] approval_trailer), or under [gates] "
       "approval = \"signed\" a reviewer's `agentops approve` trailer"},
      {"path.submodule", Severity::warn,
       "the change adds a git submodule",
       "a submodule pulls another repository's code into every checkout, outside this policy's view",
       "vendor the code or add it as a dependency; if the submodule is intended, have a person approve it"},
      {"path.symlink-outside", Severity::block,
       "the change adds a symbolic link that points outside the repository",
       "a link to /etc/passwd or ../../secrets makes tools read or write files the repository does not own",
       "link to a path inside the repository, or copy the file in"},
      {"path.case-collision", Severity::block,
       "the change adds a path that differs only in case from another path",
       "on macOS and Windows the two paths are one file: checkouts break and changes vanish",
       "rename one of the two paths"},
      {"change.tests-removed", Severity::warn,
       "the change deletes test files, or removes more test lines than it adds",
       "deleting a failing test is the quickest way to make a suite pass; a person should see it",
       "keep the tests, or have a person approve their removal"},
      {"change.suppression-added", Severity::warn,
       "an added line carries an inline suppression (agentops:allow RULE reason)",
       "an inline suppression silences a rule for its line; whoever can add one can silence any rule. "
       "A suppression of a secret rule is at least a gate unless this rule is off",
       "fix the finding instead, or have a person approve the suppression"},
      {"message.subject-empty", Severity::block, "the commit message is empty",
       "history is the team's memory; an empty message records nothing", "write a subject that says what changed"},
      {"message.placeholder-subject", Severity::warn,
       "the subject is a placeholder (\"wip\", \"fix\", \"update\"...; [message] placeholder_subjects)",
       "a placeholder subject tells a later reader nothing about why the change was made",
       "say what changed and why it matters"},
      {"message.subject-length", Severity::block, "the subject is longer than [message] subject_max",
       "long subjects are cut off in logs, pull requests and notifications", "shorten it; put detail in the body"},
      {"message.format", Severity::block, "the subject does not follow [message] format (conventional or a regex)",
       "a consistent subject format makes history searchable and changelogs automatic",
       "write \"type(scope): description\" (Conventional Commits 1.0), or match the pattern"},
      {"message.type", Severity::block, "the conventional type is not in [message] types",
       "the team's types classify every change", "use one of the allowed types"},
      {"message.scope", Severity::block, "the conventional scope is not in [message] scopes",
       "the team's scopes name the parts of the system", "use one of the allowed scopes, or none"},
      {"message.body-required", Severity::block,
       "a change above [message] body_required_above_lines has no body",
       "a large change needs its reasons written down next to it",
       "explain why the change is made in a body under the subject"},
      {"message.required-section", Severity::block, "a section of [message] required_sections is missing",
       "12-Factor AgentOps: Context, Solution, Learning and Impact make each commit a record of what was learned",
       "add a paragraph starting with the section's name and a colon"},
      {"message.required-trailer", Severity::block, "a trailer of [message] required_trailers is missing",
       "trailers carry provenance (sign-off, tickets, the agent that wrote the change)",
       "add it in the last paragraph: \"Key: value\""},
      {"message.forbidden-trailer", Severity::block, "the message carries a trailer [message] forbidden_trailers names",
       "some trailers must not be claimed in this repository", "remove the trailer"},
      {"message.agent-identity", Severity::block, "an agent-written commit lacks a trailer [agents] required_trailers names",
       "the audit trail must say which agent and session wrote a change", "add the trailer"},
      {"message.agent-approval", Severity::gate, "an agent-written commit, with [agents] require_approval",
       "the team asks a person to approve every agent commit", "a person adds the approval trailer"},
      {"branch.delete", Severity::block, "a push deletes a branch matching [branches] protected (no_delete)",
       "deleting main or a release branch loses the shared history everyone builds on",
       "do not delete protected branches; an administrator can if it must go"},
      {"branch.force-push", Severity::block,
       "a push rewrites the history of a protected branch (no_force_push): the remote's commit is not an ancestor",
       "rewriting shared history drops other people's commits and breaks every clone",
       "fetch, rebase your commits on top, and push without --force"},
      {"branch.direct-commit", Severity::block,
       "a commit on, or a push straight to, a protected branch ([branches] no_direct_commit)",
       "changes reach protected branches through review, not directly",
       "commit on a feature branch and merge it through review"},
      {"branch.name", Severity::block, "a new branch's name does not match [branches] name_pattern",
       "consistent branch names tie work to tickets and tell automation what a branch is for",
       "rename the branch with git branch -m"},
      {"branch.unsigned", Severity::block,
       "a pushed commit has no signature that verifies by a key the base side trusts ([branches] require_signed: "
       "SSH against allowed_signers for namespace git, OpenPGP against gpg_keyring)",
       "signatures tie each commit to a key its author holds; one no trusted key made proves nothing",
       "sign commits (commit.gpgsign) with a key the base side lists, and re-sign these"},
      {"gate.signed-approval", Severity::gate,
       "under [gates] approval = \"signed\", a gated change carries no Agentops-Approval trailer that ssh-keygen "
       "verifies against the base's allowed signers (namespace agentops-approval@v1), over exactly this change, "
       "by a person other than its author and committer, with a key still valid",
       "a typed trailer can be typed by anyone, an agent included; a signature by a key the agent does not hold, "
       "checked against trust the change cannot edit, is an approval the agent cannot forge",
       "a person listed in [gates] allowed_signers runs `agentops approve --staged` (or `agentops approve "
       "<commit>`) and the line it prints is added with `git commit --trailer` (or `git commit --amend "
       "--no-edit --trailer`)"},
      {"change.size-gate", Severity::gate,
       "the change is larger than [gates] max_lines_without_approval or max_files_without_approval",
       "small changes flow; large ones wait for a person (a diff-based gate)",
       "split the change, or have a human approve it with the approval trailer"},
      // A coding agent's shell command, judged by `agentops hook` before it runs.
      {"agent.skip-hooks", Severity::block,
       "an agent's shell command skips git's hooks: --no-verify (commit -n), or a hook manager's skip switch "
       "(HUSKY=0, LEFTHOOK=0, SKIP / LEFTHOOK_EXCLUDE naming agentops)",
       "the hooks are where the policy runs; a commit that skips them reaches pre-push, CI or the server "
       "unchecked, after the agent has moved on",
       "run the command without --no-verify; fix what the hook reports"},
      {"agent.hooks-path", Severity::block,
       "an agent's shell command changes core.hooksPath (git -c, --config-env, GIT_CONFIG_* variables, "
       "git config, or a write to .git/config)",
       "pointing git at another hooks directory (/dev/null) switches every hook off without a trace",
       "leave core.hooksPath alone; fix what the hook reports"},
      {"agent.hooks-write", Severity::block,
       "an agent's shell command writes, moves or removes files under .git/hooks (or the configured hooks directory)",
       "the hook files decide what every commit runs; an agent that edits them can switch the checks off",
       "leave the hooks alone; a person installs them with agentops-install"},
      {"agent.force-push", Severity::block,
       "an agent's shell command force-pushes a branch matching [branches] protected",
       "rewriting shared history drops other people's commits and breaks every clone",
       "push without --force (fetch and rebase first), or push a feature branch and open a review"},
      {"agent.delete-branch", Severity::block,
       "an agent's shell command deletes a remote branch matching [branches] protected (also --prune and --mirror, "
       "which delete remote branches missing locally)",
       "deleting main or a release branch loses the shared history everyone builds on",
       "do not delete protected branches; push the branches you mean by name"},
      // A coding agent's file write into git's own directory, judged by `agentops hook`.
      {"agent.git-dir", Severity::block,
       "an agent's file tool writes into git's own directory (.git/...: objects, refs, info, config)",
       "git's directory is not part of the change: what an agent writes there is never reviewed, and it can "
       "rewrite refs or configuration behind every check",
       "change the repository through git commands, never by writing into .git"},
  };
  return rules;
}

const RuleInfo* find_builtin_rule(std::string_view id) {
  const auto& rules = builtin_rules();
  auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

Severity severity_of(const Policy& policy, std::string_view rule_id) {
  if (auto it = policy.severities.find(std::string(rule_id)); it != policy.severities.end())
    return it->second;
  const RuleInfo* rule = find_builtin_rule(rule_id);
  return rule ? rule->default_severity : Severity::block;
}

std::optional<RuleInfo> explain_rule(const Policy& policy, std::string_view id) {
  if (const RuleInfo* rule = find_builtin_rule(id)) {
    RuleInfo info = *rule;
    info.default_severity = severity_of(policy, id);
    return info;
  }
  if (id.starts_with("secret.")) {
    const std::string_view name = id.substr(7);
    for (const auto& rule : policy.secrets.rules) {
      if (rule.id != name) continue;
      return RuleInfo{std::string(id), rule.severity,
                      rule.description + " in an added line (regex: " + rule.regex + ")",
                      "a credential committed to git is exposed to everyone who can ever read the "
                      "history, and removing it later does not revoke it",
                      rule.hint.empty() ? "remove it, rotate the credential, and load it from the "
                                          "environment or a secret store"
                                        : rule.hint};
    }
  }
  if (id.starts_with("content.")) {
    const std::string_view name = id.substr(8);
    for (const auto& rule : policy.content) {
      if (rule.id != name) continue;
      return RuleInfo{std::string(id), rule.severity,
                      "added lines matching " + rule.regex +
                          (rule.paths.empty() ? std::string() : " in files matching the rule's paths"),
                      rule.message.empty() ? "the team's policy forbids this pattern" : rule.message,
                      rule.hint.empty() ? "remove the matching text from the added lines" : rule.hint};
    }
  }
  if (id.starts_with("validator.")) {
    const std::string_view name = id.substr(10);
    for (const auto& validator : policy.validators) {
      if (validator.name != name) continue;
      std::string command;
      for (const auto& word : validator.run) command += (command.empty() ? "" : " ") + word;
      return RuleInfo{std::string(id), validator.severity, "the validator command `" + command + "` failed",
                      "validation before commit keeps main green", "run the command yourself and fix what it reports"};
    }
  }
  return std::nullopt;
}

}  // namespace agentops
