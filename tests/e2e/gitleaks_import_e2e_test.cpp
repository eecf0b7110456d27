// gitleaks' real default config imported by a repository's policy, through the
// real hooks: `policy validate` passes and says what was merged, a commit of a
// real RSA key is refused, and a file matching the 34-group jwt-base64 rule is
// judged (no exit 2 at check time).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class GitleaksImportRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.write(".agentops/gitleaks.toml", read_file(std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/gitleaks/gitleaks.toml"));
    sandbox.git("add .agentops/gitleaks.toml");
    sandbox.git("commit -q --no-verify -m 'chore: gitleaks config'");
    sandbox.commit_policy("version = 1\n[secrets]\ngitleaks_config = \"gitleaks.toml\"\n");
    sandbox.install_hooks();
  }
  CommandResult commit_all() const {
    sandbox.git("add -A");
    return sandbox.run("git commit -q -m 'feat: add files'");
  }
  GitSandbox sandbox;
};

TEST_F(GitleaksImportRepo, PolicyValidatePassesAndSaysWhatWasMerged) {
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("gitleaks import: 222 gitleaks rule(s) imported"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("private-key"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("secret.gitleaks.<id>"), std::string::npos) << result.out;
  const CommandResult shown = sandbox.run(agentops_cmd("policy show"));
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("# gitleaks import:"), std::string::npos) << shown.out;
}

TEST_F(GitleaksImportRepo, CommitOfARealRsaKeyIsRefused) {
  const CommandResult made = sandbox.run("ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f .git/deploy_key >/dev/null 2>&1 || "
                                         "openssl genrsa -traditional -out .git/deploy_key 2048 >/dev/null 2>&1");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  sandbox.write("deploy/key.txt", "# the deploy key\n" + read_file(sandbox.path(".git/deploy_key")));
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("private-key]"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("deploy/key.txt:2"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
}

TEST_F(GitleaksImportRepo, FileMatchingTheManyGroupJwtRuleIsJudgedWithoutAnError) {
  sandbox.write("notes.txt",
                "token = ZXlKd2NIUWlPaUptYjI4aWZRLmV5SnBjM01pT2lKcWIyVWlMQTBLSUNKbGVIQWlPakV6TURBNE1Ua3pPREFz\n");
  sandbox.git("add -A");
  const CommandResult checked = sandbox.run(agentops_cmd("check --staged"));
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  const std::string said = checked.out + checked.err;
  EXPECT_NE(said.find("secret.jwt-base64"), std::string::npos) << said;
  EXPECT_EQ(said.find("capture groups"), std::string::npos) << said;
}

TEST_F(GitleaksImportRepo, APkcs12FileIsRefusedByItsPathAndItsDeletionIsNot) {
  sandbox.run("mkdir -p certs && printf '\\060\\202\\000\\001\\002' > certs/client.p12");
  const int before = sandbox.commit_count();
  CommandResult result = commit_all();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.pkcs12-file"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
  sandbox.git("add -A");
  sandbox.git("commit -q --no-verify -m 'chore: a certificate bundle'");
  sandbox.git("rm -q certs/client.p12");
  result = sandbox.run("git commit -q -m 'fix: remove the certificate bundle'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(GitleaksImportRepo, AnOrdinaryFileIsCommitted) {
  sandbox.write("src/app.py", "import os\nTOKEN = os.environ[\"API_TOKEN\"]\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit_all();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before + 1);
}

// gitleaks' `commits` allowlist: a finding in an allowlisted commit is not
// reported by a history scan; the same rule in another commit is.
TEST(GitleaksImportHistory, CommitAllowlistHidesOnlyThatCommitsFinding) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n", "feat: start");
  sandbox.commit_file("old.cfg", "T=tok_k3j9x8q2m1z7p4w6\n", "feat: old settings");
  const std::string allowed = sandbox.git("rev-parse HEAD").substr(0, 40);
  const std::string rule = "[[rules]]\nid = \"tok\"\nregex = 'tok_[a-z0-9]{16}'\nkeywords = [\"tok_\"]\n";
  sandbox.write(".agentops/gitleaks.toml", rule + "[[rules.allowlists]]\ncommits = [\"" + allowed + "\"]\n");
  sandbox.git("add .agentops/gitleaks.toml");
  sandbox.git("commit -q --no-verify -m 'chore: gitleaks config'");
  sandbox.commit_policy("version = 1\n[secrets]\ngitleaks_config = \"gitleaks.toml\"\n");
  CommandResult result = sandbox.run(agentops_cmd("scan --history --format json"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out.find("secret.tok"), std::string::npos) << result.out;

  sandbox.commit_file("new.cfg", "T=tok_q8w7e6r5t4y3u2i1\n", "feat: new settings");
  result = sandbox.run(agentops_cmd("scan --history --format json"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("\"path\":\"new.cfg\""), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\"path\":\"old.cfg\""), std::string::npos) << result.out;
}

}  // namespace
}  // namespace agentops
