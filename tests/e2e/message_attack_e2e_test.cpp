// Attacks on the commit-msg reading: ways a user or an agent might make the
// hook judge a message other than the one git records. git is the oracle:
// whatever the hook accepted must be what `git cat-file commit HEAD` holds and
// `git interpret-trailers --parse` reads.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::GitSandbox;

const std::string kPolicy =
    "version = 1\n[paths]\nprotected = [\"src/**\"]\n[message]\nrequired_trailers = [\"Signed-off-by\"]\n"
    "forbidden_trailers = [\"Forbidden-By\"]\n[gates]\napproval_trailer = \"Human-Approved-by\"\n";

// Approved only when git keeps the comment line above the blank line: with
// strip cleanup the comment and the blank line go, and the trailers become
// the subject paragraph, which holds no trailers.
const std::string kApprovedOnlyUnlessStripped =
    "# note\n\nHuman-Approved-by: Bob <bob@example.com>\nSigned-off-by: A <a@example.com>\n";

class MessageAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.commit_policy(kPolicy);
    sandbox.install_hooks();
  }
  void stage(const std::string& path = "src/file.txt") const {
    sandbox.write(path, "change " + std::to_string(sandbox.commit_count()) + "\n");
    sandbox.git("add " + path);
  }
  // The trailers git reads in the message it recorded for HEAD.
  std::string recorded_trailers() const {
    return sandbox.run("git cat-file commit HEAD | sed '1,/^$/d' | git interpret-trailers --parse --no-divider").out;
  }
  GitSandbox sandbox;
};

// A copy of git under another name runs the commit (strip cleanup, an
// editor) below a process that only calls itself git and claims
// --cleanup=whitespace: the hook must not take that claim for the git that
// runs it.
TEST_F(MessageAttack, FakeParentNamedGitAboveARenamedGitDoesNotChooseTheCleanup) {
  sandbox.run("cp \"$(readlink -f \"$(command -v git)\")\" notgit");
  sandbox.write("msg.txt", kApprovedOnlyUnlessStripped);
  stage();
  const int before = sandbox.commit_count();
  // bash's exec -a names the process: its argv reads "git -c <script> commit --cleanup=whitespace -F x".
  sandbox.write("attack.sh",
                "#!/bin/bash\nexec -a git bash -c 'GIT_EDITOR=true ./notgit commit -e -F msg.txt; exit $?' "
                "commit --cleanup=whitespace -F x\n");
  const CommandResult result = sandbox.run("chmod +x attack.sh && ./attack.sh");
  ASSERT_NE(result.err.find("commit-msg"), std::string::npos) << "the hook did not run:\n" << result.err;
  if (sandbox.commit_count() != before) {
    EXPECT_NE(recorded_trailers().find("Human-Approved-by"), std::string::npos)
        << "the hook accepted an approval git did not record:\n" << result.err;
  }
  EXPECT_EQ(sandbox.commit_count(), before) << result.err;
}

// The same message is fine where git keeps the comment: a real git commit
// --cleanup=whitespace run through a hook-manager style wrapper (git -> sh ->
// sh -> hook) is still read exactly.
TEST_F(MessageAttack, GitCommitThroughAShellWrapperIsStillReadExactly) {
  sandbox.write(".hooks/commit-msg",
                "#!/bin/sh\nsh -c '\"$0\" \"$1\"; exit $?' " + testing::quote(sandbox.path(".git/hooks/commit-msg")) +
                    " \"$1\"\n");
  sandbox.run("chmod +x .hooks/commit-msg");
  sandbox.git("config core.hooksPath .hooks");
  sandbox.write("msg.txt", kApprovedOnlyUnlessStripped);
  stage();
  const CommandResult result = sandbox.run("git commit --cleanup=whitespace -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(recorded_trailers().find("Human-Approved-by: Bob"), std::string::npos);
}

// trailer.* config changes how git reads a message, not what it records: an
// approval only a `git -c trailer...` reader finds is no approval to the
// readers after the commit (git log, pre-push, the server).
TEST_F(MessageAttack, ApprovalOnlyTrailerConfigOnTheCommandLineCanReadIsRefused) {
  sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\nHuman-Approved-by= Bob <bob@example.com>\n");
  stage();
  CommandResult result = sandbox.run("git -c trailer.separators='=:' commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\nHAB: Bob <bob@example.com>\n");
  stage();
  result = sandbox.run("git -c trailer.hab.key=Human-Approved-by commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  // The approval every reader finds still passes under that config.
  sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\nHuman-Approved-by: Bob <bob@example.com>\n");
  stage();
  result = sandbox.run("git -c trailer.separators='=:' -c trailer.hab.key=Human-Approved-by commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(recorded_trailers().find("Human-Approved-by: Bob"), std::string::npos);
}

// A name of characters that draw nothing names nobody: the Hangul filler
// (U+3164, a common "invisible name"), the Braille blank (U+2800) and the soft
// hyphen (U+00AD) are refused like spaces and U+00A0.
TEST_F(MessageAttack, ApprovalOfInvisibleCharactersIsRefused) {
  for (const std::string invisible : {"\xe3\x85\xa4", "\xe2\xa0\x80", "\xc2\xad", "\xe3\x85\xa4\xef\xb8\x8f"}) {
    sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\nHuman-Approved-by: " + invisible + "\n");
    stage();
    const CommandResult result = sandbox.run("git commit -F msg.txt");
    EXPECT_NE(result.exit_code, 0) << result.err;
    sandbox.git("reset -q");
  }
  // A name with one of them inside still names someone.
  sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\nHuman-Approved-by: Bo\xc2\xad" "b <b@example.com>\n");
  stage();
  const CommandResult result = sandbox.run("git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// Amends git runs as a dashed builtin or under a name we do not know: the
// amend that drops the approval of HEAD's protected change is refused.
TEST_F(MessageAttack, AmendDroppingTheApprovalUnderADashedOrRenamedGitIsRefused) {
  sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\nHuman-Approved-by: Bob <bob@example.com>\n");
  stage();
  ASSERT_EQ(sandbox.run("git commit -F msg.txt").exit_code, 0);
  sandbox.run("cp \"$(readlink -f \"$(command -v git)\")\" notgit");
  sandbox.write("msg.txt", "feat: x\n\nSigned-off-by: A <a@example.com>\n");
  const int before = sandbox.commit_count();
  for (const std::string git : {"\"$(git --exec-path)/git-commit\"", "./notgit commit"}) {
    const CommandResult result = sandbox.run(git + " --amend -F msg.txt");
    EXPECT_NE(result.exit_code, 0) << git << "\n" << result.err;
    EXPECT_NE(recorded_trailers().find("Human-Approved-by: Bob"), std::string::npos) << git;
  }
  EXPECT_EQ(sandbox.commit_count(), before);
}

// The dashed builtin is read exactly: its --cleanup=whitespace keeps the comment line.
TEST_F(MessageAttack, DashedGitCommitIsReadExactly) {
  sandbox.write("msg.txt", kApprovedOnlyUnlessStripped);
  stage();
  const CommandResult result = sandbox.run("\"$(git --exec-path)/git-commit\" --cleanup=whitespace -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(recorded_trailers().find("Human-Approved-by: Bob"), std::string::npos);
}

// The other way round: a forbidden trailer hidden from a `git -c` reader is
// recorded, and every reader without that config sees it.
TEST_F(MessageAttack, ForbiddenTrailerHiddenOnlyFromACommandLineReaderIsRefused) {
  sandbox.commit_policy("version = 1\n[message]\nforbidden_trailers = [\"Forbidden-By\"]\n");
  sandbox.write("msg.txt", "feat: x\n\nForbidden-By: y\n");
  stage("docs/file.txt");
  CommandResult result = sandbox.run("git -c trailer.separators='=' commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("message.forbidden-trailer"), std::string::npos) << result.err;
  sandbox.write("msg.txt", "feat: x\n\nAcked-by: y\n");
  result = sandbox.run("git -c trailer.separators='=' commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// GIT_CONFIG_GLOBAL / GIT_CONFIG_SYSTEM name the config files git reads
// (libgit2 does not look at them): core.commentChar=H there makes git strip
// the "Human-Approved-by" line as a comment, so the hook must read it too.
TEST_F(MessageAttack, CommentCharFromGitConfigGlobalOrSystemIsRead) {
  sandbox.write("comment-h.gitconfig", "[core]\n\tcommentChar = H\n");
  sandbox.write("approve.sh",
                "#!/bin/sh\nprintf 'feat: x\\n\\nSigned-off-by: A <a@example.com>\\nHuman-Approved-by: Bob <bob@example.com>\\n'"
                " > \"$1\"\n");
  sandbox.run("chmod +x approve.sh");
  stage();
  const int before = sandbox.commit_count();
  for (const std::string variable : {"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"}) {
    const CommandResult result =
        sandbox.run("env -u GIT_CONFIG_NOSYSTEM " + variable + "=\"$PWD/comment-h.gitconfig\" GIT_EDITOR=./approve.sh git commit");
    EXPECT_NE(result.exit_code, 0) << variable << "\n" << result.err;
  }
  EXPECT_EQ(sandbox.commit_count(), before);
  // Without it, the same editor's approval is kept by git and accepted.
  const CommandResult result = sandbox.run("GIT_EDITOR=./approve.sh git commit");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(recorded_trailers().find("Human-Approved-by: Bob"), std::string::npos);
}

// Includes git follows and libgit2 does not (includeIf hasconfig:, an
// include given with `git -c`): core.commentChar=H there strips the approval.
TEST_F(MessageAttack, CommentCharFromIncludesOnlyGitFollowsIsRead) {
  sandbox.write("comment-h.gitconfig", "[core]\n\tcommentChar = H\n");
  sandbox.write("approve.sh",
                "#!/bin/sh\nprintf 'feat: x\\n\\nSigned-off-by: A <a@example.com>\\nHuman-Approved-by: Bob <bob@example.com>\\n'"
                " > \"$1\"\n");
  sandbox.run("chmod +x approve.sh");
  stage();
  const int before = sandbox.commit_count();
  CommandResult result = sandbox.run("GIT_EDITOR=./approve.sh git -c include.path=\"$PWD/comment-h.gitconfig\" commit");
  EXPECT_NE(result.exit_code, 0) << result.err;
  sandbox.git("config remote.origin.url https://example.com/repo.git");
  sandbox.run("git config 'includeIf.hasconfig:remote.*.url:https://example.com/**.path' \"$PWD/comment-h.gitconfig\"");
  result = sandbox.run("GIT_EDITOR=./approve.sh git commit");
  EXPECT_NE(result.exit_code, 0) << result.err;
  // A git planted where the hook's PATH looks first (GIT_EXEC_PATH) does not
  // answer for the git that runs the hook.
  sandbox.write("planted/git", "#!/bin/sh\nprintf 'core.commentchar\\n#\\0'\n");
  sandbox.run("chmod +x planted/git");
  result = sandbox.run("GIT_EXEC_PATH=\"$PWD/planted\" GIT_EDITOR=./approve.sh git commit");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
}

}  // namespace
}  // namespace agentops
