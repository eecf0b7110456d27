// Bypasses made visible, with the real git: git runs post-commit even after
// `git commit --no-verify`, and agentops' post-commit names such a commit at
// once with what pre-push will refuse, records it, and `agentops report`
// lists it. A commit the hooks allowed (also an amend and a merge concluded
// with git commit) is no bypass. `report` counts each commit attempt once and
// refuses a --since it cannot read.
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

// Assembled at run time so this source holds no secret.
const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

class BypassReport : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n", "docs: start");
    sandbox.install_hooks();
  }
  CommandResult report(const std::string& args = "") const {
    return sandbox.run(quote(bin("agentops")) + " report " + args);
  }
  std::string head() const {
    std::string id = sandbox.git("rev-parse HEAD");
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }
  // A python3 expression over the JSON document `d` that `report --format json` prints.
  std::string json_says(const std::string& expression) const {
    if (sandbox.run("command -v python3").exit_code != 0) return "(no python3)";
    const CommandResult result = sandbox.run(quote(bin("agentops")) +
                                             " report --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); "
                                             "print(" + expression + ")'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }
  bool have_python() const { return sandbox.run("command -v python3").exit_code == 0; }
  GitSandbox sandbox;
};

TEST_F(BypassReport, NoVerifyCommitOfAKeyIsNamedAtOnceWithWhatPrePushWillRefuse) {
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config/app.env");
  const CommandResult commit = sandbox.run("git commit --no-verify -m 'feat: add config'");
  ASSERT_EQ(commit.exit_code, 0) << "post-commit never blocks\n" << commit.err;
  const std::string short_id = head().substr(0, 7);
  EXPECT_NE(commit.err.find("commit " + short_id + " was not checked by agentops' pre-commit"), std::string::npos)
      << commit.err;
  EXPECT_NE(commit.err.find("pre-push will refuse it"), std::string::npos) << commit.err;
  EXPECT_NE(commit.err.find("config/app.env:1 [secret.aws-access-key-id] block"), std::string::npos) << commit.err;
  EXPECT_NE(commit.err.find("fix: "), std::string::npos) << "the hint is shown\n" << commit.err;
  EXPECT_EQ(commit.err.find(kAwsKeyId), std::string::npos) << "never the secret";

  const std::string log = sandbox.run("cat .git/agentops/decisions.jsonl").out;
  EXPECT_NE(log.find("\"decision\":\"bypass\",\"commit\":\"" + head() + "\""), std::string::npos) << log;
  EXPECT_EQ(log.find(kAwsKeyId), std::string::npos);

  const CommandResult text = report();
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("commits made past the hooks (1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(short_id + "  "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("would be refused: secret.aws-access-key-id"), std::string::npos) << text.out;
  if (!have_python()) GTEST_SKIP() << "python3 (the JSON oracle) is not installed";
  EXPECT_EQ(json_says("d[\"bypasses\"][0][\"commit\"], d[\"bypasses\"][0][\"rules\"], d[\"bypasses\"][0][\"rejudged\"]"),
            "" + head() + " ['secret.aws-access-key-id'] block\n");
}

TEST_F(BypassReport, ACleanNoVerifyCommitIsRecordedAndWouldPass) {
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult commit = sandbox.run("git commit --no-verify -m 'docs: notes'");
  EXPECT_EQ(commit.exit_code, 0);
  EXPECT_NE(commit.err.find("it would pass"), std::string::npos) << commit.err;
  EXPECT_NE(report().out.find("would pass"), std::string::npos);
}

TEST_F(BypassReport, ACommitTheHooksAllowedIsNoBypass) {
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult commit = sandbox.run("git commit -m 'docs: notes'");
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_EQ(commit.err.find("agentops: warning"), std::string::npos) << commit.err;
  // An editor-less amend that goes through the hooks is no bypass either.
  const CommandResult amend = sandbox.run("git commit --amend -m 'docs: notes, amended'");
  EXPECT_EQ(amend.exit_code, 0) << amend.err;
  EXPECT_EQ(amend.err.find("agentops: warning"), std::string::npos) << amend.err;
  EXPECT_EQ(report().out.find("made past the hooks"), std::string::npos) << report().out;
  // Comment lines in a message file are cleaned by git after commit-msg: still the same message.
  sandbox.write("msg.txt", "docs: more notes\n\n# a comment git strips\n");
  sandbox.write("more.txt", "more\n");
  sandbox.git("add more.txt");
  const CommandResult stripped = sandbox.run("git commit --cleanup=strip -F msg.txt");
  EXPECT_EQ(stripped.exit_code, 0) << stripped.err;
  EXPECT_EQ(stripped.err.find("agentops: warning"), std::string::npos) << stripped.err;
  if (!have_python()) GTEST_SKIP() << "python3 (the JSON oracle) is not installed";
  EXPECT_EQ(json_says("d[\"bypasses\"]"), "[]\n");
}

TEST_F(BypassReport, AMergeConcludedWithGitCommitIsNoBypass) {
  sandbox.git("checkout -q -b topic");
  sandbox.write("README.md", "# demo from topic\n");
  sandbox.git("add README.md");
  ASSERT_EQ(sandbox.run("git commit -q -m 'docs: topic readme'").exit_code, 0);
  sandbox.git("checkout -q main");
  sandbox.write("README.md", "# demo from main\n");
  sandbox.git("add README.md");
  ASSERT_EQ(sandbox.run("git commit -q -m 'docs: main readme'").exit_code, 0);
  EXPECT_NE(sandbox.run("git merge topic").exit_code, 0) << "a conflict";
  sandbox.write("README.md", "# demo from both\n");
  sandbox.git("add README.md");
  const CommandResult merge = sandbox.run("git commit --no-edit");
  EXPECT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_EQ(sandbox.git("rev-list --parents -n 1 HEAD").size(), 3u * 41u) << "a merge commit";
  EXPECT_EQ(merge.err.find("agentops: warning"), std::string::npos) << merge.err;
  EXPECT_EQ(report().out.find("made past the hooks"), std::string::npos) << report().out;
}

TEST_F(BypassReport, AMergeWithoutConflictsRunsNoPostCommitAndLeavesNoStampForALaterCommit) {
  sandbox.git("checkout -q -b topic");
  sandbox.write("topic.txt", "topic\n");
  sandbox.git("add topic.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'feat: topic'").exit_code, 0);
  sandbox.git("checkout -q main");
  const CommandResult merge = sandbox.run("git merge --no-ff -m 'chore: merge topic' topic");
  EXPECT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_EQ(merge.err.find("agentops: warning"), std::string::npos) << merge.err;
  // The merge's stamps (pre-merge-commit and commit-msg ran) vouch for no later commit of its tree.
  const CommandResult empty = sandbox.run("git commit --no-verify --allow-empty -m 'chore: empty'");
  EXPECT_NE(empty.err.find("was not checked by agentops' pre-commit"), std::string::npos) << empty.err;
}

TEST_F(BypassReport, AMessageChangedAfterCommitMsgAllowedItIsABypass) {
  // Another commit-msg step after agentops' (as a hook manager may run one) rewrites the message.
  sandbox.write(".git/hooks/commit-msg",
                "#!/bin/sh\n" + quote(bin("agentops-commit-msg")) + " \"$1\" || exit $?\n"
                "printf 'changed afterwards\\n' >> \"$1\"\n");
  sandbox.run("chmod +x .git/hooks/commit-msg");
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult commit = sandbox.run("git commit -m 'docs: notes'");
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_NE(commit.err.find("was not checked by agentops' commit-msg (the message was changed after commit-msg "
                            "allowed it)"),
            std::string::npos)
      << commit.err;
  EXPECT_NE(report().out.find("made past the hooks (1"), std::string::npos) << report().out;
}

// git's own replays (rebase picks) run post-commit without the other hooks and
// are no bypass; a person's `git commit --no-verify` during a rebase stop is
// one, though the rebase is in progress (found by the attack review).
TEST_F(BypassReport, ACommitMadeDuringARebaseStopIsJudgedWhileThePicksAreNot) {
  for (const char* name : {"a", "b"}) {  // through the hooks: no bypass
    sandbox.write(std::string(name) + ".txt", "x\n");
    sandbox.git(std::string("add ") + name + ".txt");
    ASSERT_EQ(sandbox.run(std::string("git commit -q -m 'docs: ") + name + "'").exit_code, 0);
  }
  ASSERT_EQ(report().out.find("commits made past the hooks"), std::string::npos) << report().out;
  const CommandResult stop = sandbox.run("GIT_SEQUENCE_EDITOR='sed -i 1s/^pick/edit/' git rebase -q -i HEAD~2");
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(stop.err.find("was not checked"), std::string::npos) << "no pick so far is a bypass\n" << stop.err;
  sandbox.write("s.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add s.env");
  const CommandResult during = sandbox.run("git commit --no-verify -q -m 'feat: during the stop'");
  ASSERT_EQ(during.exit_code, 0) << during.err;
  EXPECT_NE(during.err.find("was not checked by agentops' pre-commit"), std::string::npos) << during.err;
  EXPECT_NE(during.err.find("[secret.aws-access-key-id] block"), std::string::npos) << during.err;
  const CommandResult resume = sandbox.run("git rebase --continue");
  ASSERT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(resume.err.find("was not checked"), std::string::npos) << "the replayed pick is no bypass\n" << resume.err;
  EXPECT_NE(report().out.find("commits made past the hooks (1"), std::string::npos) << report().out;
}

// post-commit run again for the same commit (by hand, or by two hook
// managers) is still one bypass.
TEST_F(BypassReport, ACommitIsOneBypassHoweverOftenPostCommitRan) {
  sandbox.write("x.txt", "x\n");
  sandbox.git("add x.txt");
  ASSERT_EQ(sandbox.run("git commit --no-verify -q -m 'feat: x'").exit_code, 0);
  ASSERT_EQ(sandbox.run(quote(bin("agentops-post-commit"))).exit_code, 0);
  const CommandResult text = report();
  EXPECT_NE(text.out.find("commits made past the hooks (1"), std::string::npos) << text.out;
}

// Without a reflog (core.logAllRefUpdates=false) the replays are still told
// apart (by the name git runs their hooks under, or the message file a
// revert leaves while post-commit runs), and a person's --no-verify commit
// at a rebase stop is still a bypass.
TEST_F(BypassReport, WithoutAReflogRevertIsNoBypassAndARebaseStopCommitIs) {
  sandbox.git("config core.logAllRefUpdates false");
  for (const char* name : {"a", "b"}) {
    sandbox.write(std::string(name) + ".txt", "x\n");
    sandbox.git(std::string("add ") + name + ".txt");
    ASSERT_EQ(sandbox.run(std::string("git commit -q -m 'docs: ") + name + "'").exit_code, 0);
  }
  const CommandResult revert = sandbox.run("git revert --no-edit HEAD");
  ASSERT_EQ(revert.exit_code, 0) << revert.err;
  EXPECT_EQ(revert.err.find("was not checked"), std::string::npos) << revert.err;
  const CommandResult stop = sandbox.run("GIT_SEQUENCE_EDITOR='sed -i 1s/^pick/edit/' git rebase -q -i HEAD~2");
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  sandbox.write("s.txt", "s\n");
  sandbox.git("add s.txt");
  const CommandResult during = sandbox.run("git commit --no-verify -q -m 'feat: during the stop'");
  EXPECT_NE(during.err.find("was not checked by agentops' pre-commit"), std::string::npos) << during.err;
  const CommandResult resume = sandbox.run("git rebase --continue");
  ASSERT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(resume.err.find("was not checked"), std::string::npos) << resume.err;
  EXPECT_NE(report().out.find("commits made past the hooks (1"), std::string::npos) << report().out;
}

TEST_F(BypassReport, EachCommitAttemptIsCountedOnceOverItsHooks) {
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config/app.env");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: add config'").exit_code, 1);
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=from-the-environment\n");
  sandbox.git("add config/app.env");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: add config'").exit_code, 0);
  const std::string log = sandbox.run("cat .git/agentops/decisions.jsonl").out;
  EXPECT_NE(log.find("\"stage\":\"commit-msg\",\"decision\":\"allow\",\"attempt\":\""), std::string::npos) << log;
  const CommandResult text = report();
  EXPECT_NE(text.out.find("commit attempts      2 (1 allowed, 1 blocked"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("pre-commit        1 allowed      1 blocked"), std::string::npos) << text.out;
  if (!have_python()) GTEST_SKIP() << "python3 (the JSON oracle) is not installed";
  EXPECT_EQ(json_says("d[\"version\"], d[\"attempts\"], d[\"stages\"][\"commit-msg\"], d[\"unreadable\"]"),
            "1 {'total': 2, 'allowed': 1, 'blocked': 1} {'allowed': 1, 'blocked': 0} 0\n");
}

TEST_F(BypassReport, SinceAndFormatAreCheckedAsUsage) {
  for (const char* bad : {"--since yesterday", "--since 2026-13-01", "--since 2026-11-01T25:00:00Z",
                          "--format xml", "--format html"}) {
    const CommandResult result = report(bad);
    EXPECT_EQ(result.exit_code, 2) << bad << "\n" << result.out;
    EXPECT_NE(result.err.find("report"), std::string::npos) << result.err;
  }
  EXPECT_EQ(report("--since 2026-11-01").exit_code, 0);
  const CommandResult later = report("--since 2999-01-01T00:00:00Z");
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("none recorded yet"), std::string::npos) << later.out;
}

}  // namespace
}  // namespace agentops
