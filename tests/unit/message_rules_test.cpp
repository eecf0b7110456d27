// The [message] and [agents] rules, and the parsers under them.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/message.h"
#include "message/git_message.h"

namespace agentops {
namespace {

Policy policy_from(const std::string& text) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", text, {}});
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

std::vector<std::string> rules_of(const std::vector<Finding>& findings) {
  std::vector<std::string> rules;
  for (const auto& finding : findings) rules.push_back(finding.rule);
  return rules;
}

bool has(const std::vector<Finding>& findings, const std::string& rule) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
}

const Finding* find(const std::vector<Finding>& findings, const std::string& rule) {
  auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
  return it == findings.end() ? nullptr : &*it;
}

const Policy kConventional = policy_from(
    "[message]\nformat = \"conventional\"\ntypes = [\"feat\", \"fix\", \"docs\", \"chore\"]\nsubject_max = 50\n");

TEST(ConventionalSubject, ParsesTypeScopeBangAndDescription) {
  auto subject = parse_conventional("feat(parser)!: accept tabs");
  ASSERT_TRUE(subject);
  EXPECT_EQ(subject->type, "feat");
  EXPECT_EQ(subject->scope, "parser");
  EXPECT_TRUE(subject->breaking);
  EXPECT_EQ(subject->description, "accept tabs");
  EXPECT_FALSE(parse_conventional("feat:no space"));
  EXPECT_FALSE(parse_conventional("feat(): empty scope"));
  EXPECT_FALSE(parse_conventional("Added a thing"));
  EXPECT_FALSE(parse_conventional("feat: "));
}

TEST(MessageRules, NonConventionalSubjectGetsACorrectedExample) {
  const auto findings = check_message("Added login page\n", {}, kConventional);
  const Finding* format = find(findings, "message.format");
  ASSERT_NE(format, nullptr) << testing::PrintToString(rules_of(findings));
  EXPECT_NE(format->hint.find("type(scope): description"), std::string::npos) << format->hint;
  EXPECT_NE(format->hint.find("\"feat: added login page\""), std::string::npos) << format->hint;
}

TEST(MessageRules, ConventionalSubjectPasses) {
  EXPECT_TRUE(check_message("feat(auth): add login page\n\nWhy it matters.\n", {}, kConventional).empty());
}

TEST(MessageRules, TypeAndScopeMustBeAllowed) {
  EXPECT_TRUE(has(check_message("perf: faster parse\n", {}, kConventional), "message.type"));
  const Policy scoped = policy_from("[message]\nformat = \"conventional\"\nscopes = [\"api\"]\n");
  EXPECT_TRUE(has(check_message("feat(ui): x y z\n", {}, scoped), "message.scope"));
  EXPECT_FALSE(has(check_message("feat(api): x y z\n", {}, scoped), "message.scope"));
  EXPECT_FALSE(has(check_message("feat: no scope at all\n", {}, scoped), "message.scope"));
}

TEST(MessageRules, OverlongSubjectIsReported) {
  const auto findings = check_message("feat: " + std::string(60, 'a') + "\n", {}, kConventional);
  const Finding* length = find(findings, "message.subject-length");
  ASSERT_NE(length, nullptr);
  EXPECT_NE(length->message.find("66 characters; the limit is 50"), std::string::npos) << length->message;
}

TEST(MessageRules, PlaceholderSubjectsAreReported) {
  const Policy none = policy_from("");
  for (const char* subject : {"wip\n", "fix\n", "Update.\n", "ok\n"})
    EXPECT_TRUE(has(check_message(subject, {}, none), "message.placeholder-subject")) << subject;
  EXPECT_TRUE(has(check_message("fix: update\n", {}, kConventional), "message.placeholder-subject"));
  EXPECT_FALSE(has(check_message("fix: handle empty input in the parser\n", {}, kConventional), "message.placeholder-subject"));
  EXPECT_EQ(find(check_message("wip\n", {}, none), "message.placeholder-subject")->severity, Severity::warn);
}

TEST(MessageRules, MergeRevertAndFixupSubjectsAreAccepted) {
  for (const char* subject : {"Merge branch 'feature' into main\n", "Merge pull request #12 from a/b\n",
                              "Revert \"feat: add login page\"\n", "fixup! feat: add login page\n"})
    EXPECT_TRUE(check_message(subject, {}, kConventional).empty()) << subject;
}

TEST(MessageRules, BreakingChangeFooterIsATrailer) {
  const auto trailers = parse_trailers("feat!: drop v1\n\nBREAKING-CHANGE: the v1 API is gone\n");
  ASSERT_EQ(trailers.size(), 1u);
  EXPECT_EQ(trailers[0].key, "BREAKING-CHANGE");
  EXPECT_TRUE(check_message("feat!: drop v1\n\nBREAKING CHANGE: the v1 API is gone\n", {}, kConventional).empty());
}

TEST(MessageRules, BodyRequiredAboveAChangeSize) {
  const Policy policy = policy_from("[message]\nbody_required_above_lines = 100\n");
  EXPECT_TRUE(has(check_message("feat: big change here\n", {500, ""}, policy), "message.body-required"));
  EXPECT_FALSE(has(check_message("feat: small change here\n", {20, ""}, policy), "message.body-required"));
  EXPECT_FALSE(has(check_message("feat: big change here\n\nBecause reasons.\n", {500, ""}, policy), "message.body-required"));
  EXPECT_TRUE(has(check_message("feat: big change here\n\nSigned-off-by: A <a@x>\n", {500, ""}, policy),
                  "message.body-required")) << "trailers are not a body";
}

TEST(MessageRules, RequiredSectionsAsLabelledParagraphs) {
  const Policy policy = policy_from("[message]\nrequired_sections = [\"Context\", \"Solution\", \"Learning\", \"Impact\"]\n");
  const std::string complete =
      "fix: retry flaky uploads\n\nContext: uploads fail one time in fifty.\n\nSolution: retry twice.\n\n"
      "Learning: the proxy drops idle connections.\n\nImpact: no more failed releases.\n";
  EXPECT_TRUE(check_message(complete, {}, policy).empty());
  const auto missing = check_message("fix: retry flaky uploads\n\nContext: uploads fail.\n\nSolution: retry.\n", {}, policy);
  EXPECT_EQ(std::count_if(missing.begin(), missing.end(), [](const Finding& f) { return f.rule == "message.required-section"; }), 2);
  EXPECT_TRUE(check_message("fix: x y z\n\ncontext: lower case counts\n\n## Solution\nas a heading\n\nLearning:\n\nImpact: -\n", {}, policy).empty());
}

TEST(MessageRules, RequiredTrailerWithValuePattern) {
  const Policy policy = policy_from("[message]\nrequired_trailers = [\"Signed-off-by: {committer}\", \"Ticket: ^[A-Z]+-[0-9]+$\"]\n");
  const MessageContext context{0, "Ann Lee <ann@example.com>"};
  EXPECT_TRUE(check_message("feat: x y z\n\nSigned-off-by: Ann Lee <ann@example.com>\nTicket: OPS-12\n", context, policy).empty());
  auto findings = check_message("feat: x y z\n\nSigned-off-by: Bob <bob@example.com>\nTicket: OPS-12\n", context, policy);
  ASSERT_TRUE(has(findings, "message.required-trailer"));
  EXPECT_NE(find(findings, "message.required-trailer")->hint.find("Signed-off-by: Ann Lee <ann@example.com>"), std::string::npos);
  EXPECT_TRUE(has(check_message("feat: x y z\n\nSigned-off-by: Ann Lee <ann@example.com>\nTicket: twelve\n", context, policy),
                  "message.required-trailer"));
}

TEST(MessageRules, ForbiddenTrailer) {
  const Policy policy = policy_from("[message]\nforbidden_trailers = [\"Skip-CI\", \"Co-authored-by: .*@competitor\\\\.com\"]\n");
  EXPECT_TRUE(has(check_message("feat: x y z\n\nSkip-CI: yes\n", {}, policy), "message.forbidden-trailer"));
  EXPECT_TRUE(has(check_message("feat: x y z\n\nCo-authored-by: E <e@competitor.com>\n", {}, policy), "message.forbidden-trailer"));
  EXPECT_FALSE(has(check_message("feat: x y z\n\nCo-authored-by: F <f@example.com>\n", {}, policy), "message.forbidden-trailer"));
}

TEST(MessageRules, AgentCommitsCarryIdentityAndApproval) {
  const Policy policy = policy_from("[agents]\nrequired_trailers = [\"Agent-Session\"]\nrequire_approval = true\n");
  const std::string agent = "feat: add cache layer\n\nCo-authored-by: Claude <noreply@anthropic.com>\n";
  auto findings = check_message(agent, {}, policy);
  EXPECT_TRUE(has(findings, "message.agent-identity"));
  ASSERT_TRUE(has(findings, "message.agent-approval"));
  EXPECT_EQ(find(findings, "message.agent-approval")->severity, Severity::gate);
  EXPECT_FALSE(has(check_message("feat: add cache layer\n\nCo-authored-by: Ann <ann@x.org>\n", {}, policy), "message.agent-approval"))
      << "the same rules for everyone; agent extras only for agent commits";
  EXPECT_FALSE(has(check_message(agent.substr(0, agent.size() - 1) + "\nAgent-Session: claude-code 2026-11-26/42\n", {}, policy),
                   "message.agent-identity"));
}

TEST(Cleanup, ModesFollowGit) {
  const std::string raw = "  subject  \n\n\n# comment\nbody\n# ------------------------ >8 ------------------------\ndiff\n";
  EXPECT_EQ(clean_message(raw, CleanupOptions{Cleanup::strip, '#', true}), "  subject\n\nbody\n");
  EXPECT_EQ(clean_message(raw, CleanupOptions{Cleanup::strip, '#'}), "  subject\n\nbody\ndiff\n")
      << "without -v, git cuts nothing in strip mode";
  EXPECT_EQ(clean_message(raw, CleanupOptions{Cleanup::whitespace, '#'}),
            "  subject\n\n# comment\nbody\n# ------------------------ >8 ------------------------\ndiff\n");
  EXPECT_EQ(clean_message(raw, CleanupOptions{Cleanup::scissors, '#'}), "  subject\n\n# comment\nbody\n");
  EXPECT_EQ(clean_message(raw, CleanupOptions{Cleanup::verbatim, '#'}), raw);
}

TEST(Cleanup, AutoCommentCharIsTheOneGitUsed) {
  EXPECT_EQ(comment_char_for("auto", "#1 fix\n\n; Please enter the commit message for your changes. Lines starting\n"
                                     "; with ';' will be ignored, and an empty message aborts the commit.\n"),
            ';');
  EXPECT_EQ(comment_char_for(";", ""), ';');
  EXPECT_EQ(comment_char_for("", ""), '#');
  EXPECT_EQ(comment_chars_for("auto", "#hash first\n;x\n"), (std::vector<char>{'#', ';'}))
      << "no template names it: every character that changes something";
  EXPECT_EQ(auto_comment_char("#hash first\n"), ';');
  EXPECT_EQ(auto_comment_char("no hash\n"), '#');
}

TEST(ParseTrailers, OddInputs) {
  EXPECT_TRUE(parse_trailers("").empty());
  EXPECT_TRUE(parse_trailers("\n\n\n").empty());
  EXPECT_TRUE(parse_trailers("subject\n\nKey:value-without-space-is-fine\n").size() == 1);
  EXPECT_TRUE(parse_trailers("subject\n\nnot a trailer: because spaces in key\n").empty());
  EXPECT_EQ(parse_trailers("subject\n\nKey : spaced separator\n").size(), 1u);
  // Mostly prose, but git's own Signed-off-by makes it a trailer block.
  EXPECT_EQ(parse_trailers("subject\n\nSome note\nSigned-off-by: A <a@x>\n").size(), 1u);
  EXPECT_TRUE(parse_trailers("subject\n\n  continuation without a trailer\n").empty());
  EXPECT_EQ(parse_trailers("subject\n\nA: 1\n\n\n").size(), 1u);
}

TEST(MessageTemplate, ListsWhatThePolicyAsks) {
  const Policy policy = policy_from("extends = [\"twelve-factor\"]\n");
  const std::string text = message_template(policy, ';');
  EXPECT_NE(text.find("; agentops: this repository's policy asks for"), std::string::npos) << text;
  EXPECT_NE(text.find("Context: ..."), std::string::npos);
  EXPECT_NE(text.find("learn"), std::string::npos);
  EXPECT_NE(text.find("Human-Approved-by: Name <email>"), std::string::npos);
  EXPECT_EQ(message_template(policy_from(""), '#'), "") << "nothing to ask: git's template stays as it is";
}

TEST(AddTrailer, GoesAboveGitsCommentsAndJoinsTheTrailerBlock) {
  EXPECT_EQ(add_trailer("feat: x\n\nbody\n# Please enter\n", "Human-Approved-by", "Ann <a@x>", '#'),
            "feat: x\n\nbody\n\nHuman-Approved-by: Ann <a@x>\n\n# Please enter\n");
  EXPECT_EQ(add_trailer("feat: x\n\nSigned-off-by: B <b@x>\n", "Human-Approved-by", "Ann <a@x>", '#'),
            "feat: x\n\nSigned-off-by: B <b@x>\nHuman-Approved-by: Ann <a@x>\n");
}

}  // namespace
}  // namespace agentops
