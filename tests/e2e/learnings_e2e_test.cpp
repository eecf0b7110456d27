// `agentops learnings` over real git histories: git log is the oracle for the
// order, real renames, deletions and merges for --path.
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

class Learnings : public ::testing::Test {
 protected:
  GitSandbox sandbox;

  // Commits whatever is staged plus `path` (when given) with `message` and,
  // when given, a committer and author date.
  void commit(const std::string& message, const std::string& date = "", const std::string& path = "",
              const std::string& content = "") {
    if (!path.empty()) {
      sandbox.write(path, content.empty() ? message + "\n" : content);
      sandbox.git("add -- " + quote(path));
    }
    sandbox.write(".git/learnings-message", message);
    const std::string dates =
        date.empty() ? "" : "GIT_COMMITTER_DATE=" + quote(date) + " GIT_AUTHOR_DATE=" + quote(date) + " ";
    const CommandResult result = sandbox.run(dates + "git commit -q --no-verify --allow-empty -F .git/learnings-message");
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  CommandResult learnings(const std::string& args) const {
    return sandbox.run(quote(bin("agentops")) + " learnings " + args);
  }

  // The "commit" values of a JSON answer, in order.
  static std::vector<std::string> commits_of(const std::string& json) {
    std::vector<std::string> commits;
    const std::string key = "\"commit\":\"";
    for (size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + 1))
      commits.push_back(json.substr(at + key.size(), 40));
    return commits;
  }

  std::vector<std::string> git_log(const std::string& args) const {
    std::vector<std::string> ids;
    const std::string out = sandbox.git("log --format=%H " + args);
    for (size_t start = 0; start < out.size();) {
      const size_t end = out.find('\n', start);
      ids.push_back(out.substr(start, end - start));
      start = end + 1;
    }
    return ids;
  }
};

TEST_F(Learnings, NewestFirstInGitLogOrder) {
  // Equal dates (ties), a clock that went backwards, and merged branches.
  commit("feat: root\n\nLearning: roots first\n", "", "a.txt");
  sandbox.git("checkout -q -b side");
  commit("feat: side one\n\nLearning: side 1\n", "", "side.txt");
  commit("feat: side two\n\nLearning: side 2\n", "2025-06-01T00:00:00Z", "side2.txt");
  sandbox.git("checkout -q main");
  commit("feat: main one\n\nLearning: main 1\n", "2026-02-01T00:00:00Z", "b.txt");
  commit("feat: main two\n\nLearning: main 2\n", "", "c.txt");
  sandbox.git("merge -q --no-ff --no-edit side");
  commit("feat: after\n\nLearning: after the merge\n", "2026-03-02T00:00:00Z", "d.txt");
  const CommandResult result = learnings("--format json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto expected = git_log("");
  ASSERT_EQ(expected.size(), 7u);
  // Every commit but git's own merge commit ("Merge branch 'side'") recorded one.
  std::vector<std::string> with_learning;
  for (const auto& id : expected)
    if (sandbox.git("log -1 --format=%B " + id).find("Learning:") != std::string::npos) with_learning.push_back(id);
  EXPECT_EQ(commits_of(result.out), with_learning) << result.out;
  EXPECT_NE(result.out.find("\"commits_walked\":" + std::to_string(expected.size())), std::string::npos) << result.out;
}

TEST_F(Learnings, OrderMatchesGitLogOverManyTiedAndSkewedDates) {
  for (int i = 0; i < 12; ++i) {
    if (i == 4) sandbox.git("checkout -q -b topic");
    if (i == 8) sandbox.git("checkout -q main");
    const std::string date = i % 3 == 0 ? "" : "2026-01-0" + std::to_string(1 + (7 * i) % 9) + "T00:00:00Z";
    commit("feat: step " + std::to_string(i) + "\n\nLearning: step " + std::to_string(i) + "\n", date,
           "f" + std::to_string(i) + ".txt");
  }
  sandbox.git("merge -q --no-ff -m 'merge topic' topic");
  const CommandResult result = learnings("--format json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto expected = git_log("");
  expected.erase(expected.begin());  // the merge commit has no Learning
  EXPECT_EQ(commits_of(result.out), expected) << result.out;
}

TEST_F(Learnings, PathFilterFollowsTouchedPathsThroughRenameDeletionAndMerge) {
  commit("feat: parser\n\nLearning: the parser needs a lookahead of two\n", "", "src/parser/a.c", "int a;\n");
  commit("docs: readme\n\nLearning: docs only\n", "", "README.md");
  sandbox.write("src/parser/b.c", "int b;\n");
  sandbox.git("add src/parser/b.c");
  commit("feat: b\n\nLearning: b starts here\n");
  ASSERT_EQ(sandbox.run("mkdir -p src/lexer").exit_code, 0);
  sandbox.git("mv src/parser/a.c src/lexer/a.c");
  commit("refactor: move a to the lexer\n\nLearning: a was never parsing\n");
  sandbox.git("rm -q src/parser/b.c");
  commit("chore: drop b\n\nLearning: b was dead code\n");
  sandbox.git("checkout -q -b topic");
  commit("feat: c on a branch\n\nLearning: c on its branch\n", "", "src/parser/c.c");
  sandbox.git("checkout -q main");
  commit("docs: more\n\nLearning: more docs\n", "", "docs/more.md");
  sandbox.write(".git/merge-message", "Merge topic\n\nLearning: merging c brings the parser back\n");
  sandbox.git("merge -q --no-ff -F .git/merge-message topic");

  const CommandResult result = learnings("--path 'src/parser/**' --format json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> subjects;
  for (const auto& id : commits_of(result.out)) subjects.push_back(sandbox.git("log -1 --format=%s " + id));
  EXPECT_EQ(subjects, (std::vector<std::string>{"Merge topic\n", "feat: c on a branch\n", "chore: drop b\n",
                                                "refactor: move a to the lexer\n", "feat: b\n", "feat: parser\n"}))
      << result.out;
  EXPECT_NE(result.out.find("\"commits_walked\":6,\"with_learning\":6"), std::string::npos) << result.out;
  // A rename lists both of its paths.
  EXPECT_NE(result.out.find("\"paths\":[\"src/lexer/a.c\",\"src/parser/a.c\"]"), std::string::npos) << result.out;

  const CommandResult lexer = learnings("--path 'src/lexer/**' --path README.md --format json");
  ASSERT_EQ(lexer.exit_code, 0) << lexer.err;
  EXPECT_EQ(commits_of(lexer.out).size(), 2u) << lexer.out;
  // An exception entry, as in policy path lists.
  const CommandResult except = learnings("--path 'src/**' --path '!src/parser/**' --format json");
  EXPECT_EQ(commits_of(except.out).size(), 1u) << except.out;
}

TEST_F(Learnings, TouchedPathsEqualGitsFirstParentNameOnly) {
  commit("feat: tree\n\nLearning: 1\n", "", "src/deep/er/x.c");
  sandbox.write("src/deep/y.c", "y\n");
  sandbox.write("top", "a file first\n");
  sandbox.git("add -A");
  commit("feat: more\n\nLearning: 2\n");
  sandbox.git("update-index --chmod=+x src/deep/y.c");
  commit("chore: mode only\n\nLearning: 3\n");
  sandbox.git("rm -q top");
  sandbox.write("top/inside.txt", "now a directory\n");
  sandbox.git("rm -rq src/deep/er");
  sandbox.git("add -A");
  commit("refactor: file to directory, directory removed\n\nLearning: 4\n");
  const CommandResult result = learnings("--format json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto ids = commits_of(result.out);
  ASSERT_EQ(ids.size(), 4u) << result.out;
  for (const auto& id : ids) {
    std::string expected = "\"paths\":[";
    const std::string names = sandbox.git("log -1 --no-renames --diff-merges=first-parent --name-only --format= " + id);
    bool first = true;
    for (size_t start = 0; start < names.size();) {
      const size_t end = names.find('\n', start);
      if (end > start) expected += (first ? "\"" : ",\"") + names.substr(start, end - start) + "\"";
      first = first && end == start;
      start = end + 1;
    }
    expected += "]";
    const size_t entry = result.out.find(id);
    ASSERT_NE(entry, std::string::npos);
    EXPECT_EQ(result.out.substr(result.out.find("\"paths\":[", entry), expected.size()), expected) << id;
  }
}

TEST_F(Learnings, RangeAndLimit) {
  commit("feat: one\n\nLearning: one\n", "", "1.txt");
  const std::string base = sandbox.git("rev-parse HEAD").substr(0, 40);
  commit("feat: two\n\nLearning: two\n", "", "2.txt");
  commit("feat: three\n\nno learning here\n", "", "3.txt");
  commit("feat: four\n\nLearning: four\n", "", "4.txt");
  const CommandResult range = learnings("--range " + base + "..HEAD --format json");
  ASSERT_EQ(range.exit_code, 0) << range.err;
  EXPECT_EQ(commits_of(range.out), (std::vector<std::string>{git_log("-1")[0], git_log("-1 HEAD~2")[0]}));
  EXPECT_NE(range.out.find("\"range\":\"" + base + "..HEAD\""), std::string::npos);
  EXPECT_NE(range.out.find("\"commits_walked\":3,\"with_learning\":2,\"share\":0.6667"), std::string::npos) << range.out;
  const CommandResult limited = learnings("--limit 1 --format json");
  EXPECT_EQ(commits_of(limited.out).size(), 1u) << limited.out;
  EXPECT_NE(limited.out.find("\"commits_walked\":1,"), std::string::npos) << limited.out;
}

TEST_F(Learnings, MarkdownTextAndJsonShapes) {
  commit("fix: retry uploads\n\nContext: uploads failed one time in fifty.\n\nLearning: the proxy drops idle\n"
         "connections after 30 s.\n\nSigned-off-by: Ann <ann@example.com>\n",
         "2026-04-05T10:11:12+02:00", "src/upload.c");
  commit("chore: nothing learned\n", "", "x.txt");
  const std::string id = sandbox.git("rev-parse HEAD~1").substr(0, 40);

  const CommandResult markdown = learnings("--format markdown");
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_EQ(markdown.out.rfind("# Learnings from git history\n\n1 of 2 commits recorded a Learning (50.0%", 0), 0u)
      << markdown.out;
  EXPECT_NE(markdown.out.find("\n## 2026-04-05 " + id.substr(0, 7) + " fix: retry uploads\n\nLearning:\n\n"
                              "> the proxy drops idle\n> connections after 30 s.\n\nContext:\n\n"
                              "> uploads failed one time in fifty.\n\nTouched: `src/upload.c`\n"),
            std::string::npos)
      << markdown.out;
  EXPECT_EQ(markdown.out.find("Signed-off-by"), std::string::npos) << "the trailer block is no section";

  const CommandResult json = learnings("--format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, "{\"version\":1,\"range\":\"HEAD\",\"paths\":[],\"commits_walked\":2,\"with_learning\":1,"
                      "\"share\":0.5000,\"entries\":[{\"commit\":\"" + id + "\",\"date\":\"2026-04-05T10:11:12+02:00\","
                      "\"subject\":\"fix: retry uploads\",\"paths\":[\"src/upload.c\"],"
                      "\"learning\":\"the proxy drops idle\\nconnections after 30 s.\","
                      "\"context\":\"uploads failed one time in fifty.\"}]}\n");
  // git's own %cI agrees on the date.
  EXPECT_EQ(sandbox.git("log -1 --format=%cI " + id), "2026-04-05T10:11:12+02:00\n");

  const CommandResult text = learnings("");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("learnings: 1 of 2 commits recorded a Learning (50.0%"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(id.substr(0, 12) + " 2026-04-05 fix: retry uploads\n  paths: src/upload.c\n"),
            std::string::npos)
      << text.out;
}

TEST_F(Learnings, SecretsInALearningAreRedactedAndControlsDropped) {
  const std::string key = std::string("AKIA") + "Z4R7Q2W5T6Y3U6P2";
  commit("fix: rotate\n\nLearning: the old key " + key + " leaked via CI logs \x1b]0;title\x07 once\n", "", "ci.yml");
  for (const std::string format : {"text", "json", "markdown"}) {
    const CommandResult result = learnings("--format " + format);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find(key), std::string::npos) << format << ": " << result.out;
    EXPECT_NE(result.out.find("AKIA"), std::string::npos) << format << ": " << result.out;
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << format;
    EXPECT_EQ(result.out.find('\x07'), std::string::npos) << format;
  }
}

TEST_F(Learnings, NothingFoundIsExitZeroAndSaysSo) {
  const CommandResult unborn = learnings("");
  EXPECT_EQ(unborn.exit_code, 0) << unborn.err;
  EXPECT_NE(unborn.out.find("no commit walked recorded a Learning"), std::string::npos) << unborn.out;
  commit("feat: plain\n", "", "a.txt");
  const CommandResult none = learnings("--format markdown");
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("0 of 1 commits recorded a Learning (0.0%"), std::string::npos) << none.out;
  EXPECT_NE(none.out.find("No commit walked recorded a Learning."), std::string::npos) << none.out;
}

TEST_F(Learnings, BadArgumentsExitTwo) {
  commit("feat: one\n\nLearning: one\n", "", "a.txt");
  for (const std::string args : {"--range HEAD", "--range ..HEAD", "--range HEAD..", "--range HEAD...HEAD",
                                 "--range nosuch..HEAD", "--format html", "--limit 0", "--limit -3", "--limit x",
                                 "--path ''", "--path 'src/[a'", "--bogus", "--range"}) {
    const CommandResult result = learnings(args);
    EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.out << result.err;
    EXPECT_TRUE(result.out.empty()) << args << ": " << result.out;
  }
  const CommandResult help = learnings("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("learnings [--range A..B]"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace agentops
