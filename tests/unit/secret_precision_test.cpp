// Precision of the built-in secret catalogue on real code: the look-alikes
// that raised false alarms in real trees and histories (the Python standard
// library and site-packages, npm's tree, the histories of psf/requests and
// pallets/flask) and in gitleaks' own false samples, each line as it was
// found. None may be reported again; next to them, the same shapes holding a
// real-looking secret still are.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

std::vector<Finding> scan(const std::string& text, const std::string& path) {
  static const auto scanner = [] {
    auto policy = load_preset("baseline");
    EXPECT_TRUE(policy.ok()) << policy.error().message;
    return SecretScanner::compile(policy.ok() ? policy->secrets : SecretsPolicy{});
  }();
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start <= text.size(); ++number) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.add(number, std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  ChangedFile file;
  file.path = path;
  std::vector<Finding> findings;
  EXPECT_TRUE(scanner->scan(file, lines, findings).ok());
  return findings;
}

struct LookAlike {
  const char* where;  // the tree or history and the file it was found in
  const char* text;
};

TEST(SecretPrecision, RealWorldLookAlikesAreNotReported) {
  const std::vector<LookAlike> look_alikes = {
      // psf/requests history: RFC 6749 and RFC 5849 examples in the vendored oauthlib
      {"requests/packages/oauthlib/oauth2/draft25/parameters.py",
       "    Location: http://example.com/cb#access_token=2YotnFZFEjr1zCsicMWpAA"},
      {"requests/packages/oauthlib/oauth2/draft25/parameters.py", "        \"access_token\":\"2YotnFZFEjr1zCsicMWpAA\","},
      {"requests/packages/oauthlib/oauth2/draft25/parameters.py", "        \"refresh_token\":\"tGzv3JOkF0XG5Qx2TlKWIA\","},
      {"requests/packages/oauthlib/oauth1/rfc5849/parameters.py",
       "        Authorization: OAuth realm=\"Example\",\n            oauth_consumer_key=\"0685bd9184jfhq22\",\n"
       "            oauth_token=\"ad180jjd733klru7\",\n            oauth_signature_method=\"HMAC-SHA1\","},
      // psf/requests history: the public DocSearch key of its documentation site
      {"docs/_templates/sidebarlogo.html",
       "<script type=\"text/javascript\" src=\"https://cdn.jsdelivr.net/npm/docsearch.js@2/dist/cdn/docsearch.min.js\" "
       "onload=\"docsearch({\n  apiKey: 'f177061e2354c50a97bfc635e827ffab',\n  indexName: 'python-requests',"},
      // pallets/flask history: the documented example secret keys
      {"docs/config.rst", "    $ export SECRET_KEY='5f352379324c22463451387a0aec5d2f'"},
      {"docs/config.rst", "    >set SECRET_KEY='5f352379324c22463451387a0aec5d2f'"},
      {"docs/tutorial/deploy.rst", "    SECRET_KEY = '192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf'"},
      // npm's tree: base64 of "not my real password" in @npmcli/arborist's README
      {"npm/node_modules/@npmcli/arborist/README.md",
       "  // 4. username and base64 encoded password\n  username: 'isaacs',\n  password: 'bm90IG15IHJlYWwgcGFzc3dvcmQ=',"},
      // Python site-packages: wheel RECORDs, keyword pass-through, constants, type annotations, header names
      {"antlr4_python3_runtime-4.13.2.dist-info/RECORD",
       "antlr4/BufferedTokenStream.py,sha256=_BbVmvf3Vb1lr2N-9rCPy7UbqTNRmk1nR4_nSzsZKaE,11379"},
      {"botocore/args.py", "            s3_disable_express_session_auth=s3_disable_express_session_auth,"},
      {"botocore/credentials.py", "        'ec2_credential_refresh_window': _DEFAULT_ADVISORY_REFRESH_TIMEOUT,"},
      {"cryptography/hazmat/primitives/serialization/pkcs7.py", "        private_key: PKCS7PrivateKeyTypes,"},
      {"flask_cors/core.py", "ACL_CREDENTIALS = \"Access-Control-Allow-Credentials\""},
      {"jedi/.../async_app.pyi", "__all__ = [\"AsyncOAuth1Mixin\", \"AsyncOAuth2Mixin\"]"},
      {"moto/iam/aws_managed_policies.py", "        \"secretsmanager:ResourceTag/RedshiftDataFullAccess\":\"*\""},
      {"cfnlint/data/schemas/providers/af_south_1.py", "    \"AWS::IAM::AccessKey\": \"62d91b17309e76c8\","},
      {"awscli-1.45.11.dist-info/METADATA",
       "   aws_secret_access_key=<testing secret key>\n   region=us-west-2"},
      {"awscli/examples/cloudcontrol/create-resource.rst",
       "            \"RequestToken\": \"20999d87-e304-4725-ad84-832dcbfd7fc5\""},
      {"botocore/data/autoscaling/2011-01-01/examples-1.json",
       "          \"LifecycleActionToken\": \"bcd2f1b8-9a78-44d3-8a7a-4dd07d7cf635\","},
      {"awscli/examples/datasync/update-location-azure-blob.rst",
       "            \"Token\": \"sas-token-for-azure-blob-storage-access\" \\"},
      // gitleaks' false samples
      {"gitleaks generic.go", "  \"credentialId\": \"B9mTcFSck2LzJO2S3ols63\","},
      {"gitleaks generic.go", "dev.credentials.url=dev-lb1.api.f4ke.com:5215"},
      {"gitleaks generic.go", "publicToken = \"9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit\""},
      {"gitleaks generic.go",
       "csrf-token=Mj2qykJO5rELyHgezQ69nzUX0i3OH67V7+V4eUrLfpuyOuxmiW9rhROG/Whikle15syazJOkrjJa3U2AbhIvUw=="},
      {"gitleaks generic.go", "  keyVaultToStoreSecrets: cmp2-qat-1208358310"},
      {"gitleaks generic.go", ",apiKey:\"6fe4476ee5a1832882e326b506d14126\","},
      {"gitleaks generic.go", "notes            = \"Maven - io.jsonwebtoken:jjwt-jackson-0.11.2\""},
      {"gitleaks 1password.go",
       "        login:\n          serviceAccountToken:\n            fn::secret: ops_eyJzaWduSW5B..[Redacted]"},
      {"gitleaks settlemint.go", "nonMatchingToken := \"sm_pat_91m2fw5yxh\""},
      {"gitleaks stripe.go", "nonMatchingToken := \"task_test_ofggaq9xt073q6ji54tzlfgrp7xbac\""},
      {"gitleaks databricks.go", "DATABRICKS_TOKEN=dapi123456789012345678a9bc01234defg5"},
      {"gitleaks freemius.go", "$config = array(\n\t\t\t\"secret_key\" => \"sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE\",\n\t\t);"},
      {"gitleaks flyio.go",
       "<input type=\"hidden\" name=\"authenticity_token\" "
       "value=\"7SWa-Fo1_hsC6oovfBsJFLGPUl2EhkSWPbJhWANwgaJWBDl1vxd9VNqXTNAefsJqzIRYaZEfYZLffa31rw8zJA\" autocomplete=\"off\" />"},
      {"gitleaks gcp.go", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs"},
  };
  for (const auto& look_alike : look_alikes) {
    const auto findings = scan(look_alike.text, "sample.txt");
    EXPECT_TRUE(findings.empty()) << look_alike.where << ": " << look_alike.text << "\n  reported as "
                                  << (findings.empty() ? "" : findings[0].rule);
  }
}

TEST(SecretPrecision, TheSameShapesHoldingARealLookingSecretAreReported) {
  for (const std::string& text : std::vector<std::string>{
           "    SECRET_KEY = '7c1e9a2f4b6d8e0a3c5f7b9d1e3a5c7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a'",
           "  password: 'UjRuZG9tOkxvbmdQYXNzcGhyYXNlMjAyNCE='",
           "        \"access_token\":\"9xQ2mK7pL4vR8wT1zN6bC3jH\",",
           "    \"AWS::IAM::AccessKey\": \"62d91b17309e76c8\", \"api_secret\": \"k3x9q2m7w4p8z1r6t5y0\""}) {
    EXPECT_FALSE(scan(text, "sample.txt").empty()) << text;
  }
}

}  // namespace
}  // namespace agentops
