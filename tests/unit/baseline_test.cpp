// The baseline file and its fingerprints: SHA-256 (FIPS 180-2 appendix B),
// HMAC-SHA-256 (RFC 4231), strict parsing, sorted serialisation, git's quoting.
#include <gtest/gtest.h>

#include <string>

#include "agentops/baseline.h"
#include "baseline/sha256.h"

namespace agentops {
namespace {

using baseline::hmac_sha256;
using baseline::sha256;
using baseline::to_hex;

const std::string kKeyHex(64, 'a');

std::string file_with(const std::string& entries) {
  return "# header\nversion\t1\nkey\t" + kKeyHex + "\n" + entries;
}

std::string fingerprint(char c) { return std::string(64, c); }

TEST(BaselineSha256, MatchesFips180Vectors) {
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(to_hex(sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(BaselineSha256, IncrementalUpdatesEqualOneUpdate) {
  const std::string text(200, 'x');
  baseline::Sha256 hash;
  for (size_t i = 0; i < text.size(); i += 7) hash.update(std::string_view(text).substr(i, 7));
  EXPECT_EQ(to_hex(hash.finish()), to_hex(sha256(text)));
}

TEST(BaselineHmac, MatchesRfc4231Vectors) {
  EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\xaa'), std::string(50, '\xdd'))),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'),
                               "This is a test using a larger than block-size key and a larger than block-size data. "
                               "The key needs to be hashed before being used by the HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(BaselineFingerprint, IsKeyedAndHoldsNoLine) {
  const std::string a = matched_text_fingerprint("key one", "secret.x", "AKIAVALUE");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, matched_text_fingerprint("key one", "secret.x", "AKIAVALUE"));
  EXPECT_NE(a, matched_text_fingerprint("key two", "secret.x", "AKIAVALUE"));
  EXPECT_NE(a, matched_text_fingerprint("key one", "secret.y", "AKIAVALUE"));
  Finding one{"path.forbidden", Severity::block, "a.pem", 3, "forbidden", "", "", ""};
  Finding moved = one;
  moved.line = 40;
  moved.commit = "abc";
  EXPECT_EQ(finding_fingerprint("k", one), finding_fingerprint("k", moved));
  EXPECT_NE(finding_fingerprint("k", one), finding_fingerprint("", one));
}

TEST(BaselineFile, RoundTripsSortedWithReasons) {
  Baseline written;
  written.key = std::string(32, '\x01');
  written.entries = {{"secret.z", "b.txt", fingerprint('1'), "rotated in 2023"},
                     {"secret.a", "z.txt", fingerprint('2'), "accepted by baseline write"},
                     {"secret.a", "a.txt", fingerprint('3'), "test fixture"}};
  const std::string text = serialize_baseline(written);
  EXPECT_TRUE(text.starts_with("# "));
  std::string key_hex;
  for (int i = 0; i < 32; ++i) key_hex += "01";
  EXPECT_NE(text.find("version\t1\nkey\t" + key_hex + "\n"), std::string::npos) << text;
  const size_t a = text.find("secret.a\ta.txt"), z = text.find("secret.a\tz.txt"), last = text.find("secret.z\tb.txt");
  ASSERT_NE(a, std::string::npos);
  EXPECT_LT(a, z);
  EXPECT_LT(z, last);
  auto read = parse_baseline(text);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->key, written.key);
  ASSERT_EQ(read->entries.size(), 3u);
  EXPECT_EQ(read->entries[0].path, "a.txt");
  EXPECT_EQ(read->entries[2].reason, "rotated in 2023");
  EXPECT_EQ(serialize_baseline(*read), text);
  ASSERT_NE(read->find("secret.z", "b.txt", fingerprint('1')), nullptr);
  EXPECT_EQ(read->find("secret.z", "a.txt", fingerprint('1')), nullptr);
}

TEST(BaselineFile, QuotesOddPathsAsGitDoes) {
  Baseline written;
  written.key = std::string(32, 'k');
  const std::string odd = std::string("dir/tab\there \"q\" back\\slash new\nline \x01 caf\xc3\xa9");
  written.entries = {{"secret.a", odd, fingerprint('4'), "r"}, {"secret.b", "", fingerprint('5'), "r"}};
  const std::string text = serialize_baseline(written);
  EXPECT_NE(text.find("\"dir/tab\\there \\\"q\\\" back\\\\slash new\\nline \\001 caf\\303\\251\""), std::string::npos)
      << text;
  EXPECT_NE(text.find("secret.b\t\"\"\t"), std::string::npos);
  auto read = parse_baseline(text);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->entries[0].path, odd);
  EXPECT_EQ(read->entries[1].path, "");
}

void expect_error(const std::string& text, const std::string& says) {
  auto read = parse_baseline(text, ".agentops/baseline");
  ASSERT_FALSE(read) << "accepted: " << text;
  EXPECT_NE(read.error().message.find(says), std::string::npos) << read.error().message;
}

TEST(BaselineFile, RefusesMalformedFilesWithTheLine) {
  expect_error("version\t2\nkey\t" + kKeyHex + "\n", ".agentops/baseline:1: unknown baseline version '2'");
  expect_error("key\t" + kKeyHex + "\n", ":1: expected 'version<TAB>1' first");
  expect_error("# c\nversion\t1\nkey\tshort\n", ":3: the key is not 64 lower-case hex digits");
  expect_error("version\t1\n", "no 'key");
  expect_error("", "no 'version");
  expect_error(file_with("secret.a\tp\t" + fingerprint('1') + "\tr\n\n"), ":5: an empty line");
  expect_error(file_with("secret.a\tp\t" + fingerprint('1') + "\n"), ":4: expected rule<TAB>path<TAB>fingerprint<TAB>reason");
  expect_error(file_with("secret.a\tp\tnothex\treason\n"), ":4: the fingerprint is not 64");
  expect_error(file_with("secret.a\tp\t" + fingerprint('A') + "\treason\n"), ":4: the fingerprint is not 64");
  expect_error(file_with("secret.a\tp\t" + fingerprint('1') + "\t\n"), ":4: the reason is empty");
  expect_error(file_with("secret.a\t\"open\t" + fingerprint('1') + "\tr\n"), ":4: the quoted path has no closing quote");
  expect_error(file_with("secret.a\t\"a\\q\"\t" + fingerprint('1') + "\tr\n"), ":4: the quoted path has an unknown escape");
  expect_error(file_with("secret.a\tp\t" + fingerprint('1') + "\tr\r\n"), ":4: a carriage return");
  expect_error(file_with("secret a\tp\t" + fingerprint('1') + "\tr\n"), ":4: the rule 'secret a' is not a rule id");
  expect_error(file_with("path.protected\tp\t" + fingerprint('1') + "\tr\n"), ":4: the rule 'path.protected' is not a secret rule");
  expect_error(file_with("secret.a\tp\t" + fingerprint('1') + "\tr\nsecret.a\tp\t" + fingerprint('1') + "\tother\n"),
               "is listed twice");
}

TEST(BaselineFile, AcceptsEntriesInAnyOrderButNoTabInAReason) {
  auto read = parse_baseline(file_with("secret.b\tp\t" + fingerprint('1') + "\tr\nsecret.a\tp\t" +
                                       fingerprint('1') + "\tr\n"));
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->entries[0].rule, "secret.a");
  expect_error(file_with("secret.a\tp\t" + fingerprint('1') + "\tr\tmore\n"), ":4: the reason holds a control character");
}

TEST(BaselineApply, MarksListedSecretFindingsAndFillsFingerprints) {
  Baseline known;
  known.key = "key";
  // As the scanner makes it: fingerprinted by the matched text.
  Finding listed{"secret.private-key", Severity::block, "a.pem", 1, "a private key", "remove it", "", ""};
  listed.fingerprint = matched_text_fingerprint("key", listed.rule, "matched key text");
  known.entries = {{"secret.private-key", "a.pem", listed.fingerprint, "old fixture"}};
  Finding other = listed;
  other.path = "b.pem";
  std::vector<Finding> findings{listed, other};
  apply_baseline(known, findings);
  EXPECT_TRUE(findings[0].baselined);
  EXPECT_EQ(findings[0].baseline_reason, "old fixture");
  EXPECT_TRUE(findings[0].hint.empty());
  EXPECT_FALSE(findings[1].baselined);
  EXPECT_EQ(decide({findings[0]}, GateState::missing), Decision::allow);
  EXPECT_EQ(decide(findings, GateState::missing), Decision::block);
}

// A finding by path alone has no matched text: even listed under its
// rule-path-message fingerprint, it is not baselined (new key material at the
// same path would pass), but it gets that fingerprint for SARIF.
TEST(BaselineApply, AFindingWithoutMatchedTextIsNeverBaselined) {
  Baseline known;
  known.key = "key";
  Finding by_path{"secret.pkcs12-file", Severity::block, "cert.p12", 0, "a key store", "remove it", "", ""};
  known.entries = {{"secret.pkcs12-file", "cert.p12", finding_fingerprint("key", by_path), "old"}};
  std::vector<Finding> findings{by_path};
  apply_baseline(known, findings);
  EXPECT_FALSE(findings[0].baselined);
  EXPECT_EQ(findings[0].fingerprint, finding_fingerprint("key", by_path));
  apply_baseline(known, findings);  // applied twice (range and report): still not
  EXPECT_FALSE(findings[0].baselined);
  EXPECT_FALSE(has_matched_text_fingerprint(known, findings[0]));
}

TEST(BaselineApply, NeverBaselinesAGateOrAnotherRule) {
  Baseline known;
  known.key = "key";
  Finding gate{"path.protected", Severity::gate, ".agentops/policy.toml", 0, "protected", "", "", ""};
  known.entries = {{"path.protected", gate.path, finding_fingerprint("key", gate), "sneaked in"}};
  std::vector<Finding> findings{gate};
  apply_baseline(known, findings);
  EXPECT_FALSE(findings[0].baselined);
  EXPECT_EQ(decide(findings, GateState::missing), Decision::gate);
}

}  // namespace
}  // namespace agentops
