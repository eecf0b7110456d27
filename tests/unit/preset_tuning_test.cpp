// The keys and behaviours that make the presets fit ordinary work on real
// repositories (docs/policy.md, "Presets measured on real histories"): files the
// limits do not count, a threshold for removed tests, moves that are not
// deletions, content rules kept out of examples and docs, renames of committed
// forbidden files, dependency bots' subjects, and message rules for agents only.
// Each behaviour: the bad change is still caught, the good one passes.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/evaluator.h"
#include "agentops/message.h"
#include "agentops/policy.h"

namespace agentops {
namespace {

Policy policy_from(const std::string& text) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", text, {}});
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

Policy preset(const std::string& name) {
  auto policy = load_preset(name);
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

ChangedFile file(const std::string& path, FileStatus status, std::uint32_t added, std::uint32_t removed) {
  ChangedFile changed;
  changed.path = path;
  changed.old_path = status == FileStatus::added ? "" : path;
  changed.status = status;
  changed.mode = status == FileStatus::deleted ? 0 : 0100644;
  changed.old_mode = status == FileStatus::added ? 0 : 0100644;
  changed.added_lines = added;
  changed.removed_lines = removed;
  return changed;
}

ChangedFile renamed(const std::string& from, const std::string& to, std::uint32_t added = 0,
                    std::uint32_t removed = 0) {
  ChangedFile changed = file(to, FileStatus::renamed, added, removed);
  changed.old_path = from;
  return changed;
}

// The findings of `policy` on a change of `files`; `lines` are handed as the
// added lines of the file at that index.
std::vector<Finding> judge(const Policy& policy, const std::vector<ChangedFile>& files,
                           const std::vector<std::pair<size_t, std::vector<std::string>>>& lines = {}) {
  auto evaluator = Evaluator::create(policy);
  EXPECT_TRUE(evaluator.ok()) << evaluator.error().message;
  if (!evaluator.ok()) return {};
  Change change;
  for (size_t i = 0; i < files.size(); ++i) {
    AddedLines added;
    for (const auto& [index, texts] : lines)
      if (index == i)
        for (size_t n = 0; n < texts.size(); ++n) added.add(static_cast<std::uint32_t>(n + 1), texts[n]);
    EXPECT_TRUE(evaluator->visit(files[i], added).ok());
    change.files.push_back(files[i]);
  }
  return evaluator->finish(change);
}

const Finding* find(const std::vector<Finding>& findings, const std::string& rule) {
  auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
  return it == findings.end() ? nullptr : &*it;
}

// ---- [limits] exclude_paths ---------------------------------------------------

TEST(LimitsExcludePaths, ALockfileIsNotCountedByTheLineAndFileLimits) {
  const Policy policy = policy_from(
      "version = 1\n[limits]\nmax_lines_changed = 100\nmax_files_changed = 1\nexclude_paths = [\"package-lock.json\"]\n");
  const auto bump = judge(policy, {file("package.json", FileStatus::modified, 1, 1),
                                   file("package-lock.json", FileStatus::modified, 4000, 3900)});
  EXPECT_EQ(find(bump, "limit.lines-changed"), nullptr);
  EXPECT_EQ(find(bump, "limit.files-changed"), nullptr);
}

TEST(LimitsExcludePaths, TheSameLinesInASourceFileAreStillCounted) {
  const Policy policy = policy_from(
      "version = 1\n[limits]\nmax_lines_changed = 100\nmax_files_changed = 1\nexclude_paths = [\"package-lock.json\"]\n");
  const auto rewrite = judge(policy, {file("package.json", FileStatus::modified, 1, 1),
                                      file("src/lock.js", FileStatus::modified, 4000, 3900)});
  ASSERT_NE(find(rewrite, "limit.lines-changed"), nullptr);
  EXPECT_EQ(find(rewrite, "limit.lines-changed")->severity, Severity::block);
  EXPECT_NE(find(rewrite, "limit.files-changed"), nullptr);
}

TEST(LimitsExcludePaths, AnExcludedFileIsNotRefusedBySizeButALargeSourceFileIs) {
  const Policy policy = policy_from("version = 1\n[limits]\nmax_file_bytes = 1000\nexclude_paths = [\"*.min.js\"]\n");
  ChangedFile minified = file("web/app.min.js", FileStatus::added, 1, 0);
  minified.size = 50000;
  ChangedFile source = file("web/app.js", FileStatus::added, 1, 0);
  source.size = 50000;
  const auto findings = judge(policy, {minified, source});
  ASSERT_NE(find(findings, "limit.file-bytes"), nullptr);
  EXPECT_EQ(find(findings, "limit.file-bytes")->path, "web/app.js");
  EXPECT_EQ(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.rule == "limit.file-bytes"; }), 1);
}

TEST(LimitsExcludePaths, AnExcludedFileIsStillScannedForSecrets) {
  const std::string key = std::string("AKIA") + "QYLPMN5HHHFPZAM2";
  const auto findings = judge(preset("baseline"), {file("package-lock.json", FileStatus::added, 1, 0)},
                              {{0, {"  \"resolved\": \"" + key + "\","}}});
  ASSERT_NE(find(findings, "secret.aws-access-key-id"), nullptr);
  EXPECT_EQ(find(findings, "secret.aws-access-key-id")->severity, Severity::block);
}

TEST(LimitsExcludePaths, TheSizeGateDoesNotCountExcludedFiles) {
  const Policy agents = preset("ai-agents");
  EXPECT_EQ(find(judge(agents, {file("uv.lock", FileStatus::modified, 3000, 2500),
                                file("pyproject.toml", FileStatus::modified, 1, 1)}),
                 "change.size-gate"),
            nullptr);
  EXPECT_NE(find(judge(agents, {file("src/big.py", FileStatus::modified, 3000, 2500)}), "change.size-gate"), nullptr);
}

TEST(LimitsExcludePaths, APureDirectoryMoveIsNotCountedButEditedRenamesAre) {
  const Policy policy = policy_from("version = 1\n[limits]\nmax_files_changed = 3\n");
  std::vector<ChangedFile> moved;
  for (int i = 0; i < 10; ++i)
    moved.push_back(renamed("src/m" + std::to_string(i) + ".rs", "crates/core/m" + std::to_string(i) + ".rs"));
  EXPECT_EQ(find(judge(policy, moved), "limit.files-changed"), nullptr);
  for (auto& file : moved) {
    file.added_lines = 1;
    file.removed_lines = 1;
    file.new_blob.fill(1);
  }
  EXPECT_NE(find(judge(policy, moved), "limit.files-changed"), nullptr);
}

TEST(LimitsExcludePaths, TheBaselineExcludesTheCommonLockfilesAndGeneratedFiles) {
  const Policy baseline = preset("baseline");
  for (const char* name : {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "uv.lock", "poetry.lock", "Cargo.lock",
                           "Gemfile.lock", "composer.lock", "go.sum", "*.min.js", "*.map"})
    EXPECT_NE(std::find(baseline.limits.exclude_paths.begin(), baseline.limits.exclude_paths.end(), name),
              baseline.limits.exclude_paths.end())
        << name;
}

TEST(LimitsExcludePaths, AnInvalidGlobIsAnError) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", "version = 1\n[limits]\nexclude_paths = [\"[a-\"]\n", {}});
  EXPECT_FALSE(policy.ok());
}

TEST(LimitsExcludePaths, AFloorKeepsCountingWhatTheRepositoryWouldExclude) {
  const Policy floor = policy_from("version = 1\n[limits]\nmax_lines_changed = 100\nexclude_paths = [\"go.sum\"]\n");
  const Policy repo = policy_from("version = 1\n[limits]\nexclude_paths = [\"go.sum\", \"src/**\"]\n");
  const Policy merged = apply_floor(floor, repo);
  EXPECT_EQ(merged.limits.exclude_paths, std::vector<std::string>{"go.sum"});
}

// ---- change.tests-removed -------------------------------------------------------

TEST(TestsRemoved, ANetLossBelowTheThresholdPassesAndAtItNeedsAPerson) {
  const Policy agents = preset("ai-agents");
  EXPECT_EQ(agents.paths.tests_removed_min_lines, 20u);
  EXPECT_EQ(find(judge(agents, {file("tests/test_api.py", FileStatus::modified, 3, 4)}), "change.tests-removed"),
            nullptr);
  const auto lost = judge(agents, {file("tests/test_api.py", FileStatus::modified, 3, 23)});
  ASSERT_NE(find(lost, "change.tests-removed"), nullptr);
  EXPECT_EQ(find(lost, "change.tests-removed")->severity, Severity::gate);
}

TEST(TestsRemoved, WithoutTheKeyAnyNetLossCounts) {
  const Policy policy = policy_from("version = 1\n[severity]\n\"change.tests-removed\" = \"gate\"\n");
  EXPECT_EQ(policy.paths.tests_removed_min_lines, 1u);
  EXPECT_NE(find(judge(policy, {file("tests/test_api.py", FileStatus::modified, 0, 1)}), "change.tests-removed"),
            nullptr);
  EXPECT_EQ(find(judge(policy, {file("tests/test_api.py", FileStatus::modified, 1, 1)}), "change.tests-removed"),
            nullptr);
}

TEST(TestsRemoved, ADeletedTestFileCountsWhateverItsSize) {
  const auto findings = judge(preset("ai-agents"), {file("tests/test_small.py", FileStatus::deleted, 0, 3)});
  ASSERT_NE(find(findings, "change.tests-removed"), nullptr);
  EXPECT_EQ(find(findings, "change.tests-removed")->path, "tests/test_small.py");
}

TEST(TestsRemoved, ManyDeletedTestFilesAreOneFinding) {
  std::vector<ChangedFile> files;
  for (int i = 0; i < 6; ++i) files.push_back(file("spec/case" + std::to_string(i) + ".js", FileStatus::deleted, 0, 10));
  const auto findings = judge(preset("ai-agents"), files);
  EXPECT_EQ(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.rule == "change.tests-removed"; }),
            1);
  EXPECT_NE(find(findings, "change.tests-removed")->message.find("6 test files are deleted"), std::string::npos);
}

TEST(TestsRemoved, ATestFileSplitIntoOthersIsNotARemoval) {
  const auto findings = judge(preset("ai-agents"), {file("tests/test_all.py", FileStatus::deleted, 0, 40),
                                                    file("tests/test_one.py", FileStatus::added, 22, 0),
                                                    file("tests/test_two.py", FileStatus::added, 20, 0)});
  EXPECT_EQ(find(findings, "change.tests-removed"), nullptr);
}

TEST(TestsRemoved, ARenameIsNeverADeletionEvenOutOfTheTestPaths) {
  const Policy strict = preset("strict");
  EXPECT_EQ(find(judge(strict, {renamed("tests/helpers.py", "src/testing_helpers.py")}), "change.tests-removed"), nullptr);
  EXPECT_EQ(find(judge(strict, {renamed("tests/a_test.go", "tests/b_test.go")}), "change.tests-removed"), nullptr);
}

TEST(TestsRemoved, AFileDeletedAndAddedWithTheSameBlobIsAMoveNotADeletion) {
  // libgit2 pairs no symbolic links: a directory rename holding one reads as
  // a deletion and an addition of the same blob.
  ChangedFile gone = file("tests/data/link", FileStatus::deleted, 0, 1);
  gone.old_mode = 0120000;
  gone.old_blob.fill(7);
  ChangedFile back = file("tests/fixtures/link", FileStatus::added, 1, 0);
  back.mode = 0120000;
  back.new_blob.fill(7);
  EXPECT_EQ(find(judge(preset("strict"), {gone, back}), "change.tests-removed"), nullptr);
  back.new_blob.fill(8);  // other content, outside the tests: the test file is gone
  back.path = "assets/link";
  EXPECT_NE(find(judge(preset("strict"), {gone, back}), "change.tests-removed"), nullptr);
}

TEST(TestsRemoved, AFloorHoldsItsThreshold) {
  const Policy floor = policy_from("version = 1\n[paths]\ntests_removed_min_lines = 5\n");
  const Policy repo = policy_from("version = 1\n[paths]\ntests_removed_min_lines = 500\n");
  EXPECT_EQ(apply_floor(floor, repo).paths.tests_removed_min_lines, 5u);
  const Policy tighter = policy_from("version = 1\n[paths]\ntests_removed_min_lines = 2\n");
  EXPECT_EQ(apply_floor(floor, tighter).paths.tests_removed_min_lines, 2u);
}

// ---- content rules where code is shown, not shipped ----------------------------

TEST(ContentScope, ConsoleLogInExamplesAndDocsIsNotADebugLeftoverButInSourceItBlocks) {
  const Policy agents = preset("ai-agents");
  for (const char* path : {"examples/mvc/index.js", "docs/guide/app.js", "packages/x/examples/a.js", "bin/express"})
    EXPECT_EQ(find(judge(agents, {file(path, FileStatus::added, 1, 0)}, {{0, {"console.log('listening');"}}}),
                   "content.debug-leftover"),
              nullptr)
        << path;
  const auto source = judge(agents, {file("lib/application.js", FileStatus::added, 1, 0)}, {{0, {"console.log(engines);"}}});
  ASSERT_NE(find(source, "content.debug-leftover"), nullptr);
  EXPECT_EQ(find(source, "content.debug-leftover")->severity, Severity::block);
}

TEST(ContentScope, ANamedSuppressionWarnsUnderAiAgentsAndSwitchingACheckerOffNeedsAPerson) {
  const Policy agents = preset("ai-agents");
  const auto named = judge(agents, {file("src/format.cc", FileStatus::modified, 1, 0)},
                           {{0, {"explicit Writer(int size);  // NOLINT"}}});
  ASSERT_NE(find(named, "content.lint-suppression"), nullptr);
  EXPECT_EQ(find(named, "content.lint-suppression")->severity, Severity::warn);
  EXPECT_EQ(find(named, "content.checker-disabled"), nullptr);
  for (const char* line : {"// @ts-nocheck", "/* eslint-disable */", "# flake8: noqa", "# pylint: skip-file",
                           "#![allow(warnings)]", "// NOLINTBEGIN"}) {
    const auto off = judge(agents, {file("src/module.x", FileStatus::modified, 1, 0)}, {{0, {line}}});
    ASSERT_NE(find(off, "content.checker-disabled"), nullptr) << line;
    EXPECT_EQ(find(off, "content.checker-disabled")->severity, Severity::gate) << line;
  }
}

TEST(ContentScope, ACheckerSwitchedOffOnlyWarnsInTheBaseline) {
  const auto findings = judge(preset("baseline"), {file("src/a.ts", FileStatus::modified, 1, 0)}, {{0, {"// @ts-nocheck"}}});
  ASSERT_NE(find(findings, "content.checker-disabled"), nullptr);
  EXPECT_EQ(find(findings, "content.checker-disabled")->severity, Severity::warn);
}

// ---- path.forbidden and renames ---------------------------------------------------

TEST(ForbiddenRename, RenamingACommittedKeyFileIsNotRefused) {
  EXPECT_EQ(find(judge(preset("strict"), {renamed("tests/certs/server.key", "tests/certs/localhost.key")}),
                 "path.forbidden"),
            nullptr);
}

TEST(ForbiddenRename, AddingAKeyFileIsRefusedWithTheHintToRemoveIt) {
  const auto findings = judge(preset("strict"), {file("deploy/prod.key", FileStatus::added, 1, 0)});
  ASSERT_NE(find(findings, "path.forbidden"), nullptr);
  EXPECT_NE(find(findings, "path.forbidden")->hint.find("git rm --cached"), std::string::npos);
}

TEST(ForbiddenRename, RenamingIntoAForbiddenNameIsRefusedWithAHintToKeepTheOldName) {
  const auto findings = judge(preset("baseline"), {renamed("config/settings", "config/.env")});
  ASSERT_NE(find(findings, "path.forbidden"), nullptr);
  EXPECT_EQ(find(findings, "path.forbidden")->hint.find("git rm"), std::string::npos);
  EXPECT_NE(find(findings, "path.forbidden")->hint.find("git mv"), std::string::npos);
}

TEST(ForbiddenRename, EditingACommittedForbiddenFileIsRefusedWithoutBeingToldToDeleteIt) {
  const auto findings = judge(preset("baseline"), {file(".env", FileStatus::modified, 1, 1)});
  ASSERT_NE(find(findings, "path.forbidden"), nullptr);
  EXPECT_EQ(find(findings, "path.forbidden")->hint.find("git rm --cached"), std::string::npos);
}

// ---- message rules: bots, and agents only ----------------------------------------

std::vector<Finding> message_findings(const std::string& message, const Policy& policy) {
  return check_message(message, MessageContext{10, "Dev <dev@example.com>"}, policy);
}

TEST(BotSubjects, DependencyBotSubjectsMeetTheConventionalFormat) {
  const Policy strict = preset("strict");
  for (const char* subject : {
           "Bump lodash from 4.17.20 to 4.17.21",
           "Bump actions/checkout from 3.5.3 to 4.1.1 in /.github/workflows",
           "Bump the npm_and_yarn group across 1 directory with 2 updates",
           "Bump the pip group with 3 updates",
           "[Security] Bump urllib3 from 1.26.4 to 1.26.5",
           "Update dependency eslint to v8.57.0",
           "Update actions/setup-node action to v4",
           "Update Rust crate serde to 1.0.200",
           "Update all non-major dependencies",
           "Pin dependencies",
           "Lock file maintenance",
           "[pre-commit.ci] pre-commit autoupdate",
           "chore(deps): bump requests from 2.31.0 to 2.32.0",
       }) {
    const auto findings = message_findings(std::string(subject) + "\n", strict);
    EXPECT_EQ(find(findings, "message.format"), nullptr) << subject;
    EXPECT_EQ(find(findings, "message.subject-length"), nullptr) << subject;
  }
}

TEST(BotSubjects, APersonsSubjectThatOnlyLooksLikeABotsIsStillJudged) {
  const Policy strict = preset("strict");
  for (const char* subject : {"Bump version", "Update the docs", "Bump lodash"})
    EXPECT_NE(find(message_findings(std::string(subject) + "\n", strict), "message.format"), nullptr) << subject;
}

TEST(MessageAppliesTo, UnderAiAgentsAPersonsCommitIsNotHeldToTheFormat) {
  const auto findings = message_findings("Fix the redirect loop on 301\n", preset("ai-agents"));
  EXPECT_EQ(find(findings, "message.format"), nullptr);
  EXPECT_EQ(find(findings, "message.placeholder-subject"), nullptr);
  EXPECT_EQ(find(message_findings("wip\n", preset("ai-agents")), "message.placeholder-subject"), nullptr);
}

TEST(MessageAppliesTo, UnderAiAgentsAnAgentsCommitIsHeldToTheFormat) {
  const Policy agents = preset("ai-agents");
  const auto findings =
      message_findings("Fix the redirect loop on 301\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", agents);
  ASSERT_NE(find(findings, "message.format"), nullptr);
  EXPECT_EQ(find(findings, "message.format")->severity, Severity::block);
  EXPECT_NE(find(message_findings("wip\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", agents),
                 "message.placeholder-subject"),
            nullptr);
}

TEST(MessageAppliesTo, EveryoneIsTheDefaultAndTrailerRulesJudgeEveryCommit) {
  const Policy policy = policy_from(
      "version = 1\n[message]\nformat = \"conventional\"\napplies_to = \"agents\"\nrequired_trailers = [\"Signed-off-by\"]\n");
  const auto findings = message_findings("Fix the parser\n", policy);
  EXPECT_EQ(find(findings, "message.format"), nullptr);
  EXPECT_NE(find(findings, "message.required-trailer"), nullptr);
  EXPECT_NE(find(message_findings("\n", policy), "message.subject-empty"), nullptr);
  EXPECT_NE(find(message_findings("Fix the parser\n", preset("strict")), "message.format"), nullptr);
}

TEST(MessageAppliesTo, AnUnknownValueIsAnError) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", "version = 1\n[message]\napplies_to = \"humans\"\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("applies_to"), std::string::npos) << policy.error().message;
}

TEST(MessageAppliesTo, AFloorThatHoldsEveryonesMessagesKeepsHoldingThem) {
  const Policy floor = policy_from("version = 1\n[message]\nformat = \"conventional\"\n");
  const Policy repo = policy_from("version = 1\n[message]\napplies_to = \"agents\"\n");
  EXPECT_EQ(apply_floor(floor, repo).message.applies_to, MessageAppliesTo::everyone);
  const Policy silent_floor = policy_from("version = 1\n");
  EXPECT_EQ(apply_floor(silent_floor, repo).message.applies_to, MessageAppliesTo::agents);
}

}  // namespace
}  // namespace agentops
