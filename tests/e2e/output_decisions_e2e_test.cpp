// One decision per finding, said once, through the real `git` and the
// installed hooks: gate / block / allow in JSON, text and exit codes; approved
// findings reported as approved (no fix line, SARIF note); hints that name the
// next step that works; `--help` on every agentops command.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

constexpr const char* kGatedPolicy =
    "version = 1\n[paths]\nprotected = [\"src/**\"]\n[gates]\napprovers = [\"Lead <lead@example.com>\"]\n";
const std::string kAwsKey = std::string("AKIA") + "QYLPMN5HHHFPZAM2";
const std::string kApproval = "Human-Approved-by: Lead <lead@example.com>";

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

class OutputDecisions : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.commit_policy(kGatedPolicy);
    sandbox.install_hooks();
  }
  void stage_gated(const std::string& name = "src/cache.c") const {
    sandbox.write(name, "int cache;\n");
    sandbox.git("add " + quote(name));
  }
  CommandResult agentops(const std::string& args) const { return sandbox.run(quote(bin("agentops")) + " " + args); }
  std::string short_head() const {
    std::string id = sandbox.git("rev-parse HEAD");
    return id.substr(0, 12);
  }
  GitSandbox sandbox;
};

// --- 1. decision: gate, block, allow -----------------------------------------

TEST_F(OutputDecisions, CheckStagedOfAGatedChangeSaysGateAndExitsOne) {
  stage_gated();
  const CommandResult result = agentops("check --staged --format json");
  EXPECT_EQ(result.exit_code, 1) << "a change refused without approval is not fine for an agent";
  EXPECT_NE(result.out.find("\"decision\":\"gate\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"approval\":{\"trailer\":\"Human-Approved-by\",\"approvers\":[\"Lead <lead@example.com>\"]}"),
            std::string::npos)
      << result.out;
  const CommandResult text = agentops("check --staged");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("check needs a person's approval"), std::string::npos) << text.out;
}

TEST_F(OutputDecisions, CheckStagedOfAnUngatedChangeSaysAllowAndExitsZero) {
  sandbox.write("docs/notes.md", "notes\n");
  sandbox.git("add docs/notes.md");
  const CommandResult result = agentops("check --staged --format json");
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("\"decision\":\"allow\""), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\"approval\""), std::string::npos) << result.out;
}

TEST_F(OutputDecisions, CheckStagedOfABlockedAndGatedChangeSaysBlock) {
  stage_gated();
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  sandbox.git("add config/app.env");
  const CommandResult result = agentops("check --staged --format json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("\"decision\":\"block\""), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\"approval\""), std::string::npos) << "approval is no next step under a block";
}

TEST_F(OutputDecisions, CommitMessageCheckSaysGateWithoutTheTrailerAndAllowWithIt) {
  stage_gated();
  sandbox.write("msg.txt", "feat: add the cache module\n");
  CommandResult result = agentops("check --message msg.txt --format json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("\"decision\":\"gate\""), std::string::npos) << result.out;
  sandbox.write("msg.txt", "feat: add the cache module\n\n" + kApproval + "\n");
  result = agentops("check --message msg.txt --format json");
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("\"decision\":\"allow\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"approved_by\":\"Lead <lead@example.com>\""), std::string::npos) << result.out;
}

// --- 2. approved findings are reported as approved ---------------------------

TEST_F(OutputDecisions, AnApprovedCommitIsReportedApprovedWithNoFixLine) {
  stage_gated();
  const CommandResult result = sandbox.run("git commit -m 'feat: add the cache module' -m " + quote(kApproval));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("[path.protected] approved by Lead <lead@example.com> (Human-Approved-by trailer)"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("fix:"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("must approve"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, ARangeReportsAnApprovedCommitAsApprovedInTextJsonAndSarif) {
  stage_gated();
  ASSERT_EQ(sandbox.run("git commit -m 'feat: add the cache module' -m " + quote(kApproval)).exit_code, 0);
  CommandResult text = agentops("check --range HEAD~1..HEAD");
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("approved by Lead <lead@example.com>"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("fix:"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find(" warn: "), std::string::npos) << "an approval is no warning: " << text.out;
  EXPECT_NE(text.out.find("range allowed (1 approved"), std::string::npos) << text.out;

  const CommandResult json = agentops("check --range HEAD~1..HEAD --format json");
  EXPECT_NE(json.out.find("\"decision\":\"allow\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"severity\":\"gate\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"hint\":\"\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"approved_by\":\"Lead <lead@example.com>\""), std::string::npos) << json.out;

  const CommandResult sarif = agentops("check --range HEAD~1..HEAD --format sarif");
  EXPECT_NE(sarif.out.find("\"level\":\"note\""), std::string::npos) << sarif.out;
  EXPECT_NE(sarif.out.find("\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\""), std::string::npos)
      << sarif.out;
  EXPECT_EQ(sarif.out.find("Fix:"), std::string::npos) << sarif.out;
  EXPECT_EQ(sarif.out.find("\"level\":\"warning\""), std::string::npos) << sarif.out;
}

TEST_F(OutputDecisions, ARangeWithAnUnapprovedGatedCommitSaysGateAndNamesTheCommitToReword) {
  stage_gated();
  sandbox.git("commit -q --no-verify -m 'feat: add the cache module'");
  const std::string id = short_head();
  const CommandResult text = agentops("check --range HEAD~1..HEAD");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("rewording " + id + " to end with 'Human-Approved-by: Name <email>' (approvers: Lead "
                          "<lead@example.com>): git rebase -i " + id + "^ (reword)"),
            std::string::npos)
      << text.out;
  const CommandResult sarif = agentops("check --range HEAD~1..HEAD --format sarif");
  EXPECT_NE(sarif.out.find("\"level\":\"error\""), std::string::npos) << sarif.out;
  EXPECT_EQ(sarif.out.find("\"suppressions\""), std::string::npos) << sarif.out;
  const CommandResult json = agentops("check --range HEAD~1..HEAD --format json");
  EXPECT_NE(json.out.find("\"decision\":\"gate\""), std::string::npos) << json.out;
}

TEST_F(OutputDecisions, PrePushReportsAnApprovedCommitAsApproved) {
  GitSandbox remote(false);
  remote.run("git init -q --bare .");
  sandbox.git("remote add origin " + quote(remote.root()));
  sandbox.git("push -q --no-verify origin main");
  stage_gated();
  ASSERT_EQ(sandbox.run("git commit -m 'feat: add the cache module' -m " + quote(kApproval)).exit_code, 0);
  const CommandResult push = sandbox.run("git push origin main");
  EXPECT_EQ(push.exit_code, 0) << push.err;
  EXPECT_EQ(push.err.find("fix: a person must approve"), std::string::npos) << push.err;
  EXPECT_EQ(push.err.find(" warn: "), std::string::npos) << push.err;
}

// --- 3. each finding said once per commit ------------------------------------

TEST_F(OutputDecisions, AGatedFindingIsSaidOncePerRefusedCommit) {
  stage_gated();
  const CommandResult result = sandbox.run("git commit -m 'feat: add the cache module'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(occurrences(result.err, "[path.protected]"), 1u) << result.err;
  EXPECT_EQ(occurrences(result.err, "Human-Approved-by: Name <email>"), 1u) << result.err;
  EXPECT_NE(result.err.find("commit-msg needs a person's approval"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, PreCommitDoesNotAskForATrailerTheDashMMessageCarries) {
  stage_gated();
  const CommandResult result = sandbox.run("git commit -m 'feat: add the cache module' -m " + quote(kApproval));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("need"), std::string::npos) << "nothing asks for approval: " << result.err;
  EXPECT_EQ(occurrences(result.err, "[path.protected]"), 1u) << result.err;
}

TEST_F(OutputDecisions, PreCommitDoesNotAskForATrailerTheDashFFileCarries) {
  stage_gated();
  sandbox.write("msg.txt", "feat: add the cache module\n\n" + kApproval + "\n");
  const CommandResult result = sandbox.run("git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("need"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, PreCommitDoesNotAskForATrailerTheReusedMessageCarries) {
  stage_gated();
  sandbox.git("commit -q --no-verify -m 'feat: add the cache module' -m " + quote(kApproval));
  sandbox.write("src/cache.c", "int cache2;\n");
  sandbox.git("add src/cache.c");
  const CommandResult result = sandbox.run("git commit --amend -C HEAD");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("need"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, PreCommitTellsAboutTheTrailerOnceWhenAnEditorWillAskForTheMessage) {
  stage_gated();
  sandbox.write("editor.sh", "#!/bin/sh\nprintf 'feat: add the cache module\\n\\n" + kApproval + "\\n' > \"$1\"\n");
  const CommandResult result = sandbox.run("chmod +x editor.sh && GIT_EDITOR=./editor.sh git commit");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(occurrences(result.err, "1 gated finding needs a person's approval: end the commit message with the "
                                    "trailer 'Human-Approved-by: Name <email>' (approvers: Lead <lead@example.com>)"),
            1u)
      << result.err;
  EXPECT_EQ(occurrences(result.err, "[path.protected]"), 1u) << result.err;
  EXPECT_NE(result.err.find("approved by Lead"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, PreCommitReadsTheMessageAnEditorStartsFromAndDoesNotAskWhenItCarriesTheTrailer) {
  stage_gated();
  // -e: the editor opens on the -m text, which already carries the approval.
  CommandResult result =
      sandbox.run("GIT_EDITOR=true git commit -e -m 'feat: add the cache module' -m " + quote(kApproval));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("need"), std::string::npos) << result.err;
  // --amend: the editor opens on HEAD's message, approved too.
  sandbox.write("src/cache.c", "int cache2;\n");
  sandbox.git("add src/cache.c");
  result = sandbox.run("GIT_EDITOR=true git commit --amend");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("need"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, PreCommitAsksOnceWhenTheMessageTheEditorStartsFromLacksTheTrailer) {
  stage_gated();
  sandbox.write("editor.sh", "#!/bin/sh\nprintf '\\n" + kApproval + "\\n' >> \"$1\"\n");
  const CommandResult result =
      sandbox.run("chmod +x editor.sh && GIT_EDITOR=./editor.sh git commit -e -m 'feat: add the cache module'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(occurrences(result.err, "needs a person's approval"), 1u) << result.err;
  EXPECT_NE(result.err.find("approved by Lead"), std::string::npos) << result.err;
}

// Validators run only at pre-commit, so pre-commit judges their gate, by the
// message given on git's command line.
TEST(OutputValidatorGate, AGatedValidatorIsApprovedByTheDashMMessageAndRefusedWithoutIt) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"review\"\nrun = [\"false\"]\nseverity = \"gate\"\n");
  sandbox.install_hooks();
  sandbox.write("notes.md", "notes\n");
  sandbox.git("add notes.md");
  CommandResult result = sandbox.run("git commit -m 'docs: add notes on the cache design'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(occurrences(result.err, "[validator.review] gate"), 1u) << result.err;
  EXPECT_NE(result.err.find("pre-commit needs a person's approval"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("git commit -m <subject> -m 'Human-Approved-by: Name <email>'"), std::string::npos)
      << result.err;
  result = sandbox.run("git commit -m 'docs: add notes on the cache design' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("[validator.review] approved by Lead <lead@example.com>"), std::string::npos) << result.err;
}

// --- 4. each hint tells the next step that works -----------------------------

TEST_F(OutputDecisions, ACommitBlockedOutrightDoesNotSayApprovalIsNeeded) {
  stage_gated();
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  sandbox.git("add config/app.env");
  const CommandResult result = sandbox.run("git commit -m 'feat: add the cache module' -m " + quote(kApproval));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("pre-commit blocked"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("approval will not help"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("must approve"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Human-Approved-by"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("needs a person's approval"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, AGatedOnlyCommitSaysHowToApprove) {
  stage_gated();
  const CommandResult result = sandbox.run("git commit -m 'feat: add the cache module'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("ending the commit message with the trailer 'Human-Approved-by: Name <email>'"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("approval will not help"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, AnUnlistedApproverIsToldWhoMayApprove) {
  stage_gated();
  CommandResult result =
      sandbox.run("git commit -m 'feat: add the cache module' -m 'Human-Approved-by: Test User <test@example.com>'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("Test User <test@example.com> may not approve here; [gates] approvers: Lead "
                            "<lead@example.com>"),
            std::string::npos)
      << result.err;
  result = sandbox.run("git commit -m 'feat: add the cache module' -m " + quote(kApproval));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("may not approve"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, ARangeFindingNamesTheCommitToRewrite) {
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  sandbox.git("add config/app.env");
  sandbox.git("commit -q --no-verify -m 'chore: add the app config'");
  const std::string id = short_head();
  const CommandResult result = agentops("check --range HEAD~1..HEAD");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("then rewrite " + id + " (git rebase -i " + id + "^)"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(kAwsKey), std::string::npos);
}

TEST(OutputRefRules, AGatedRefRuleIsReportedAsTheBlockItIsWithNoApprovalAdvice) {
  GitSandbox remote(false);
  remote.run("git init -q --bare .");
  ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  GitSandbox client;
  client.git("remote add origin " + quote(remote.root()));
  client.commit_file(".agentops/policy.toml",
                     "version = 1\nextends = [\"baseline\"]\n[severity]\n\"branch.force-push\" = \"gate\"\n",
                     "chore: gate force pushes\n\n" + kApproval);
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  client.git("commit -q --amend --no-verify -m 'chore: rewritten' -m " + quote(kApproval));
  const CommandResult result = client.run("git push --no-verify --force origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("[branch.force-push] block"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("needs a person's approval"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("0 blocking"), std::string::npos) << result.err;
}

TEST_F(OutputDecisions, ARangeOfCleanCommitsNamesNothingToRewrite) {
  sandbox.write("docs/notes.md", "notes\n");
  sandbox.git("add docs/notes.md");
  sandbox.git("commit -q --no-verify -m 'docs: add notes on the cache design'");
  const CommandResult result = agentops("check --range HEAD~1..HEAD");
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_EQ(result.out.find("rewrite"), std::string::npos) << result.out;
}

TEST_F(OutputDecisions, TerminalModeAsksBeforeSayingBlockedAndSaysItOnlyWhenDeclined) {
  sandbox.commit_policy("version = 1\n[paths]\nprotected = [\"src/**\"]\n[gates]\nmode = \"tty\"\n");
  stage_gated();
  // `script` gives git a terminal; the answer comes on its stdin.
  CommandResult result = sandbox.run("printf 'n\\n' | script -qec \"git commit -m 'feat: add the cache module'\" /dev/null");
  const std::string declined = result.out + result.err;
  const size_t asked = declined.find("approve this change as a person?");
  ASSERT_NE(asked, std::string::npos) << declined;
  EXPECT_EQ(declined.substr(0, asked).find("blocked"), std::string::npos) << declined;
  EXPECT_NE(declined.find("not approved: commit-msg blocked", asked), std::string::npos) << declined;
  EXPECT_EQ(sandbox.git("log -1 --format=%s"), "chore: set the policy\n") << "declined: nothing committed";

  result = sandbox.run("printf 'y\\n' | script -qec \"git commit -m 'feat: add the cache module'\" /dev/null");
  const std::string approved = result.out + result.err;
  EXPECT_NE(approved.find("approved on the terminal"), std::string::npos) << approved;
  EXPECT_EQ(approved.find("blocked"), std::string::npos) << approved;
}

// --- 5. --help on every command ----------------------------------------------

TEST_F(OutputDecisions, HelpOnEveryCommandPrintsItsUsageAndRunsNothing) {
  // In a repository whose history and staged change would fail every check.
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  sandbox.git("add config/app.env");
  sandbox.git("commit -q --no-verify -m 'chore: add the app config'");
  sandbox.write("config/other.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  sandbox.git("add config/other.env");
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"check --help", "check --staged"},
      {"check --staged -h", "check --range"},
      {"check --range HEAD~1..HEAD --help", "check --message"},
      {"policy --help", "policy validate"},
      {"policy validate --help", "policy validate [--worktree"},
      {"policy init --help", "policy init [--preset"},
      {"doctor --help", "doctor [--repo"},
      {"policy show -h", "policy show"},
      {"explain --help", "explain RULE"},
      {"scan --history --help", "scan --history"},
      {"report --help", "report [--since"},
      {"version --help", "version"},
      {"help", "check --staged"},
      {"help check", "check --staged"},
      {"--help", "explain RULE"},
      {"-h", "scan --history"},
  };
  for (const auto& [args, usage] : commands) {
    const CommandResult result = agentops(args);
    EXPECT_EQ(result.exit_code, 0) << args << "\n" << result.err;
    EXPECT_NE(result.out.find("usage:"), std::string::npos) << args << "\n" << result.out;
    EXPECT_NE(result.out.find(usage), std::string::npos) << args << "\n" << result.out;
    EXPECT_EQ(result.err, "") << args;
    EXPECT_EQ(result.out.find("[secret."), std::string::npos) << args << " ran the command:\n" << result.out;
  }
}

TEST_F(OutputDecisions, AnUnknownOptionIsStillAUsageError) {
  const CommandResult result = agentops("check --staged --frobnicate");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("unknown argument '--frobnicate'"), std::string::npos) << result.err;
}

TEST(OutputInstall, UninstallingFromAWorkingTreeHooksPathOffersNoFlagToInstall) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.git("config core.hooksPath .husky");
  const CommandResult result =
      sandbox.run(quote(bin("agentops-install")) + " --repo " + quote(sandbox.root()) + " --uninstall");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("inside a working tree"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("install anyway"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--into-working-tree"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace agentops
