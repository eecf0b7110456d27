// Differential test: a corpus of commit messages (cases from git's own
// t/t7513-interpret-trailers.sh and t/t7502-commit-porcelain.sh, and generated
// ones) goes through a real `git commit` in each cleanup mode with the hooks
// installed. For every commit, the trailers the commit-msg hook saw must be
// exactly the trailers `git interpret-trailers --parse --no-divider` finds in
// the message git recorded (`git cat-file commit HEAD`, body after the first
// blank line). --no-divider: a recorded message has no patch part, and git's
// own readers of commits (log %(trailers), the sequencer) read it that way.
//
// The hook shows what it saw through a policy that lists every trailer key of
// the corpus as forbidden at severity "warn": one finding per trailer, and the
// commit goes through.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

using TrailerSet = std::set<std::pair<std::string, std::string>>;

const std::string kScissors = "# ------------------------ >8 ------------------------\n";

// Messages from git's tests and the corner cases of git's trailer and cleanup code.
std::vector<std::string> corpus() {
  std::vector<std::string> messages = {
      // t7513: the basics
      "subject\n\nbody\n\nAcked-by: Peff\nReviewed-by: Z\n",
      "subject\n\nReviewed-by: Z\nSigned-off-by: Z\n",
      "subject: with a colon\n\nFixes: 22\n",
      "Fixes: in the subject only\n",
      "subject\nFixes: no blank line after the subject\n",
      // 25% rule: a git-generated trailer lets prose into the block
      "subject\n\nthis is not a trailer\nthis is not a trailer\nSigned-off-by: a <a@example.com>\nnot a trailer\n",
      "subject\n\nthis is not a trailer\nthis is not a trailer\nthis is not a trailer\nthis is not a trailer\n"
      "Signed-off-by: a <a@example.com>\n",
      "subject\n\nnot a trailer\nnot a trailer\nnot a trailer\n(cherry picked from commit 0123456789abcdef)\n",
      "subject\n\nnot a trailer\nAcked-by: x\n(cherry picked from commit 0123456789abcdef)\nstill prose\nmore prose\n",
      "subject\n\nprose line\nAcked-by: x\n",
      // separators and keys
      "subject\n\nKey\t: tab before the colon\n",
      "subject\n\nKey  : spaces before the colon\nOther:no space after\n",
      "subject\n\nBug #42: not a token\n",
      "subject\n\nKey Word: two words\n",
      "subject\n\nKey:\nEmpty-Value:   \n",
      "subject\n\n-Leading-dash: x\n",
      // continuation lines and indentation
      "subject\n\nFixes: a long\n  folded value\n\tand a tab\nAcked-by: y\n",
      "subject\n\n  Indented: first line\nAcked-by: y\n",
      "subject\n\n  indented prose\n  more indented prose\nAcked-by: y\n",
      "subject\n\nAcked-by: y\n continued\n\n",
      // comments inside and after the block
      "subject\n\nAcked-by: x\n# a comment\nReviewed-by: y\n",
      "subject\n\nbody\n\nAcked-by: x\n# trailing comment\n# another\n",
      "subject\n\nAcked-by: x\n\n# a comment paragraph\n",
      "subject\n\nbody\n# comment: looks like a trailer\n",
      "# comment before the subject\nsubject\n\nAcked-by: x\n",
      "subject\n\nForbidden-By: comment after it\n# note\n",
      "subject\n\nbody\n\n; Semicolon-Comment: x\nAcked-by: y\n",
      // old-style conflicts blocks
      "subject\n\nSigned-off-by: x <x@example.com>\n\nConflicts:\n\tfile.c\n\tother.c\n",
      "subject\n\nConflicts:\n\tfile.c\nAcked-by: y\n",
      // git's isspace: \v and \f are not blank
      "subject\n\nbody\n\v\nAcked-by: x\n",
      "subject\n\nbody\n\f\nAcked-by: x\n",
      "subject\n\nbody\n   \nAcked-by: x\n",
      "subject\n\nbody\n\t\r\nAcked-by: x\n",
      // scissors: only the exact line cuts
      "subject\n\nAcked-by: x\n" + kScissors + "Below-Scissors: y\n",
      "subject\n\nbody\n\n" + kScissors + "\nBelow-Scissors: y\n",
      "subject\n\nAcked-by: x\n#  ------------------------ >8 ------------------------\nNot-Cut: y\n",
      "subject\n\nAcked-by: x\n # ------------------------ >8 ------------------------\nNot-Cut: y\n",
      // t7502: whitespace around the message
      "\n\n  subject with leading blank lines  \n\n\n\nbody   \n\n\nAcked-by: x   \n\n\n",
      "subject\n\nAcked-by: x",
      // other encodings and Unicode
      "subject\n\nAcked-by: J\xc3\xb6rg <j@example.com>\n",
      "subject\n\nAcked-by: \xc2\xa0\n",
      "subject\n\nAcked-by: Latin \xe9t\xe9\n",
      // git's template quoted in the body
      "subject\n\n; Please enter the commit message for your changes. Lines starting\n"
      "; with ';' will be ignored, and an empty message aborts the commit.\nAcked-by: x\n",
      // a divider
      "subject\n\nbody\n---\nAcked-by: x\n",
      // trailer.* config: other separators, configured tokens and their keys
      "subject\n\nAck: short token\nFixes=42\n",
      "subject\n\nprose\nprose\nprose\nAck: x\n",
      "subject\n\nprose\nprose\nprose\nHelped-by: x\n",
      "subject\n\nprose\nprose\nprose\nHelp: x\nAck : y\n",
  };
  // Generated: paragraphs from a pool of line kinds, with a fixed seed.
  const std::vector<std::string> pool = {
      "Acked-by: Ann <ann@example.com>", "Signed-off-by: Bob <bob@example.com>", "Reviewed-by: Cy",
      "prose line", "(cherry picked from commit abcdef0)", "# hash comment", "; semicolon comment",
      "  continued value", "\tcontinued tab", "Key\t: tab key", "Conflicts:", "\tconflicted.c", "",
      "   ", "\v", "Fixes: 1234", "Bug #1: x", "Helped-by: Dee", "# ------------------------ >8 ------------------------",
  };
  std::uint32_t state = 12345;
  auto next = [&]() {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7fff;
  };
  for (int i = 0; i < 24; ++i) {
    std::string message = "generated subject " + std::to_string(i) + "\n\n";
    const int lines = 2 + static_cast<int>(next() % 7);
    for (int k = 0; k < lines; ++k) message += pool[next() % pool.size()] + "\n";
    messages.push_back(message);
  }
  return messages;
}

// Every token that ends before a ':' in the corpus: the keys the policy forbids.
std::set<std::string> candidate_keys(const std::vector<std::string>& messages) {
  std::set<std::string> keys;
  for (const auto& message : messages) {
    std::istringstream lines(message);
    for (std::string line; std::getline(lines, line);) {
      const size_t colon = line.find_first_of(":=");
      if (colon == std::string::npos) continue;
      std::string key = line.substr(0, colon);
      key.erase(0, key.find_first_not_of(" \t"));
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
      if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
          }))
        keys.insert(key);
    }
  }
  return keys;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "Key: value" lines (interpret-trailers' output) as a set of (lower key, value).
TrailerSet parse_output(const std::string& text) {
  TrailerSet out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    out.emplace(lower(line.substr(0, colon)), line.substr(colon + 2));
  }
  return out;
}

// The trailers the hook reported: its forbidden-trailer findings.
TrailerSet hook_saw(const std::string& err) {
  std::string lines;
  const std::string start = "[message.forbidden-trailer] warn: the trailer \"", end = "\" is not allowed";
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    const size_t at = line.find(start);
    const size_t stop = line.rfind(end);
    if (at == std::string::npos || stop == std::string::npos) continue;
    lines += line.substr(at + start.size(), stop - at - start.size()) + "\n";
  }
  return parse_output(lines);
}

std::string show(const TrailerSet& trailers) {
  std::string text;
  for (const auto& [key, value] : trailers) text += "  " + key + ": " + value + "\n";
  return text.empty() ? "  (none)\n" : text;
}

struct Mode {
  std::string name;
  std::string config;   // git -c ... before `commit`
  std::string options;  // `git commit` options; {msg} is the message file
  std::string editor;   // "replace", "prepend" or ":" (no editor run)
};

class MessageDifferential : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    messages = corpus();
    std::string policy = "version = 1\n[message]\nforbidden_trailers = [";
    bool first = true;
    for (const auto& key : candidate_keys(messages)) {
      policy += (first ? "\"" : ", \"") + key + "\"";
      first = false;
    }
    policy += "]\n[severity]\n\"message.forbidden-trailer\" = \"warn\"\n\"message.subject-empty\" = \"off\"\n"
              "\"message.placeholder-subject\" = \"off\"\n";
    sandbox.commit_policy(policy);
    sandbox.install_hooks();
    sandbox.write("replace.sh", "#!/bin/sh\ncat msg.txt > \"$1\"\n");
    sandbox.write("prepend.sh", "#!/bin/sh\n{ cat msg.txt; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n");
    sandbox.run("chmod +x replace.sh prepend.sh");
  }

  // Commits `message` in `mode` and compares what the hook saw with git.
  void check(const std::string& message, const Mode& mode, size_t index) {
    sandbox.write("msg.txt", message);
    std::string editor = mode.editor == "replace" ? "./replace.sh" : mode.editor == "prepend" ? "./prepend.sh" : ":";
    std::string options = mode.options;
    if (const size_t at = options.find("{msg}"); at != std::string::npos) options.replace(at, 5, "msg.txt");
    const CommandResult result = sandbox.run("GIT_EDITOR=" + editor + " git " + mode.config +
                                             " commit --allow-empty --allow-empty-message " + options);
    const std::string where = "message #" + std::to_string(index) + " in mode " + mode.name + ":\n" + message;
    ASSERT_EQ(result.exit_code, 0) << where << "\n" << result.err;
    const CommandResult git = sandbox.run("git cat-file commit HEAD | sed '1,/^$/d' > recorded.txt && git " +
                                          mode.config + " interpret-trailers --parse --no-divider recorded.txt");
    ASSERT_EQ(git.exit_code, 0) << git.err;
    TrailerSet expected = parse_output(git.out);
    // The hook also reads the message as git does without the mode's config
    // (core.commentChar, trailer.*): later readers may not share it.
    if (!mode.config.empty()) {
      const CommandResult plain = sandbox.run("git interpret-trailers --parse --no-divider recorded.txt");
      ASSERT_EQ(plain.exit_code, 0) << plain.err;
      for (auto& trailer : parse_output(plain.out)) expected.insert(trailer);
    }
    const TrailerSet seen = hook_saw(result.err);
    ++compared;
    EXPECT_EQ(seen, expected) << where << "git recorded:\n"
                              << sandbox.run("cat recorded.txt").out << "git sees:\n"
                              << show(expected) << "agentops saw:\n"
                              << show(seen);
  }

  GitSandbox sandbox;
  std::vector<std::string> messages;
  size_t compared = 0;
};

TEST_F(MessageDifferential, HookSeesExactlyTheTrailersGitReadsInEveryCleanupMode) {
  const std::vector<Mode> modes = {
      {"-F (whitespace)", "", "-F {msg}", ":"},
      {"-F --cleanup=strip", "", "-F {msg} --cleanup=strip", ":"},
      {"-F --cleanup=verbatim", "", "-F {msg} --cleanup=verbatim", ":"},
      {"editor (strip)", "", "", "replace"},
      {"editor -v (scissors and diff)", "", "-v", "prepend"},
      {"editor --cleanup=scissors", "", "--cleanup=scissors", "prepend"},
      {"editor commit.cleanup=whitespace", "-c commit.cleanup=whitespace", "", "prepend"},
      {"editor commit.cleanup=verbatim", "-c commit.cleanup=verbatim", "", "replace"},
      {"-F core.commentChar=;", "-c core.commentChar=';'", "-F {msg}", ":"},
      {"editor core.commentChar=;", "-c core.commentChar=';'", "", "prepend"},
      {"editor core.commentChar=auto", "-c core.commentChar=auto", "", "prepend"},
      {"-F -v commit.verbose", "-c commit.verbose=true", "-F {msg}", ":"},
      {"-F trailer config", "-c trailer.separators=':=' -c trailer.ack.key=Acked-by -c trailer.helped.where=end",
       "-F {msg}", ":"},
  };
  // Each message in one mode, every other one in a second, and those written
  // for it under trailer.* config (about a hundred commits: more would make
  // the suite slow).
  for (size_t i = 0; i < messages.size(); ++i) {
    const bool trailer_config = messages[i].find("prose\nprose\nprose\n") != std::string::npos ||
                                messages[i].find("Ack: ") != std::string::npos;
    std::set<size_t> chosen{i % modes.size()};
    if (i % 2 == 0) chosen.insert((i * 5 + 7) % modes.size());
    if (trailer_config) chosen.insert(modes.size() - 1);
    for (size_t m : chosen) {
      check(messages[i], modes[m], i);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(compared, 90u);
}

TEST_F(MessageDifferential, AmendWithoutAnEditorStripsLikeGit) {
  // GIT_EDITOR=: git commit --amend: git still strips (it "ran" an editor),
  // so its own comment template never becomes a paragraph of the message.
  const Mode verbatim{"-F --cleanup=verbatim", "", "-F {msg} --cleanup=verbatim", ":"};
  const Mode amend{"GIT_EDITOR=: --amend", "", "--amend", ":"};
  for (size_t i = 0; i < messages.size(); i += 4) {
    check(messages[i], verbatim, i);
    check(messages[i], amend, i);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace agentops
