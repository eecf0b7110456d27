// Attacks on the gitleaks import through the real hooks: a commit that must be
// refused is refused (git commit really blocked), a policy that would pass
// every secret fails closed.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

constexpr const char* kToken = "ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c";

class GitleaksAttackRepo : public ::testing::Test {
 protected:
  // Commits `gitleaks` as .agentops/gitleaks.toml and `policy` as the policy.
  void configure(const std::string& policy, const std::string& gitleaks) {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.write(".agentops/gitleaks.toml", gitleaks);
    sandbox.git("add .agentops/gitleaks.toml");
    sandbox.git("commit -q --no-verify -m 'chore: gitleaks config'");
    sandbox.commit_policy(policy);
    sandbox.install_hooks();
  }
  CommandResult commit_all() const {
    sandbox.git("add -A");
    return sandbox.run("git commit -q -m 'feat: add files'");
  }
  GitSandbox sandbox;
};

TEST_F(GitleaksAttackRepo, BuiltinFalseWithAConfigOfAllowlistsOnlyFailsValidateAndBlocksTheCommit) {
  configure("version = 1\n[secrets]\nbuiltin = false\ngitleaks_config = \"gitleaks.toml\"\n",
            "[[allowlists]]\npaths = ['''vendor/''']\n");
  const CommandResult validated = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(validated.exit_code, 2) << validated.out;
  EXPECT_NE((validated.out + validated.err).find("builtin = false"), std::string::npos) << validated.err;
  sandbox.write("app/token.txt", std::string("token = ") + kToken + "\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("builtin = false"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
}

TEST_F(GitleaksAttackRepo, BuiltinFalseWithImportedRulesCommitsCleanFiles) {
  configure("version = 1\n[secrets]\nbuiltin = false\ngitleaks_config = \"gitleaks.toml\"\n",
            "[[rules]]\nid = \"github-pat\"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\nkeywords = [\"ghp_\"]\n");
  sandbox.write("app/notes.txt", "nothing secret here\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before + 1);
}

TEST_F(GitleaksAttackRepo, ImportedRuleBlocksWhereTheBuiltinRuleOfTheSameIdWasTurnedDownToWarn) {
  configure("version = 1\n[secrets]\ngitleaks_config = \"gitleaks.toml\"\n[[secrets.rules]]\nid = \"github-token\"\n"
            "severity = \"warn\"\n",
            "[[rules]]\nid = \"github-token\"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\nkeywords = [\"ghp_\"]\n");
  // Not assigned to a secret-like name: agentops' generic rule stays silent.
  sandbox.write("app/token.txt", std::string("see ") + kToken + " here\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.gitleaks.github-token"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
}

TEST_F(GitleaksAttackRepo, MatchWhoseNamedSecretGroupIsEmptyBlocksTheCommit) {
  configure("version = 1\n[secrets]\nbuiltin = false\ngitleaks_config = \"gitleaks.toml\"\n",
            "[[rules]]\nid = \"either-way\"\nregex = '''(?:key=([a-z0-9]{16})|tok=([a-z0-9]{16}))'''\n"
            "secretGroup = 1\nkeywords = [\"key=\", \"tok=\"]\n");
  sandbox.write("app/conf.txt", "x tok=k3j9x8q2m1z7p4w6 y\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.either-way"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
}

// gitleaks finds a token committed base64-encoded (a Kubernetes Secret's
// data); so does a policy that imports its rules.
TEST_F(GitleaksAttackRepo, Base64EncodedTokenBlocksTheCommit) {
  configure("version = 1\n[secrets]\nbuiltin = false\ngitleaks_config = \"gitleaks.toml\"\n",
            "[[rules]]\nid = \"github-pat\"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\nkeywords = [\"ghp_\"]\n");
  sandbox.write("deploy/secret.yaml", "kind: Secret\ndata:\n  token: Z2hwX0FiM2RFZjZoSWo5a0xtMm5PcDVxUnM4dFV2MXdYeTR6QWI3Yw==\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy/secret.yaml:3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("secret.github-pat"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
}

// A rule whose regex matches the empty string (every file, every name) used
// to hang the hook while redacting file names; the check ends and judges.
TEST_F(GitleaksAttackRepo, RuleMatchingTheEmptyStringDoesNotHangTheHook) {
  configure("version = 1\n[secrets]\nbuiltin = false\ngitleaks_config = \"gitleaks.toml\"\n",
            "[[rules]]\nid = \"stars\"\nregex = '''x*'''\n");
  sandbox.write("app/conf.ini", "key=abcdef12345678\n");
  const int before = sandbox.commit_count();
  const CommandResult clean = commit_all();
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(sandbox.commit_count(), before + 1);
  sandbox.write("app/notes.md", "some xxxx here\n");
  const CommandResult refused = commit_all();
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("app/notes.md:1"), std::string::npos) << refused.err;
  EXPECT_EQ(sandbox.commit_count(), before + 1);
}

}  // namespace
}  // namespace agentops
