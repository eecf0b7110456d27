// SSH signature text (armor, one line, strict base64) and the SSHSIG blob's fields.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "approval/ssh_keygen.h"
#include "approval/ssh_signature.h"
#include "approval_keys.h"

namespace agentops::approval {
namespace {

std::string encode(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto byte = [&](size_t at) { return at < bytes.size() ? std::uint32_t{static_cast<unsigned char>(bytes[at])} : 0U; };
  std::string text;
  for (size_t at = 0; at < bytes.size(); at += 3) {
    const std::uint32_t group = (byte(at) << 16) | (byte(at + 1) << 8) | byte(at + 2);
    const size_t present = bytes.size() - at;  // 1, 2 or 3 or more bytes of this group exist
    text.push_back(alphabet[(group >> 18) & 63]);
    text.push_back(alphabet[(group >> 12) & 63]);
    text.push_back(present >= 2 ? alphabet[(group >> 6) & 63] : '=');
    text.push_back(present >= 3 ? alphabet[group & 63] : '=');
  }
  return text;
}

std::string u32(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8), static_cast<char>(value)};
}
std::string wire(const std::string& bytes) { return u32(static_cast<std::uint32_t>(bytes.size())) + bytes; }

std::string blob(std::uint32_t version = 1, const std::string& trailing = "") {
  return "SSHSIG" + u32(version) + wire(wire("ssh-ed25519") + wire(std::string(32, 'k'))) + wire("agentops-approval@v1") +
         wire("") + wire("sha512") + wire(wire("ssh-ed25519") + wire(std::string(64, 's'))) + trailing;
}

TEST(Base64Decode, DecodesPaddedText) {
  EXPECT_EQ(*base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(*base64_decode("aGk="), "hi");
  EXPECT_EQ(*base64_decode("aGV5"), "hey");
  EXPECT_EQ(*base64_decode("aA=="), "h");
}

TEST(Base64Decode, RefusesWhatIsNotStrictBase64) {
  EXPECT_FALSE(base64_decode(""));
  EXPECT_FALSE(base64_decode("aGVsbG8"));     // padding missing
  EXPECT_FALSE(base64_decode("aGVs bG8="));   // whitespace inside
  EXPECT_FALSE(base64_decode("aGVsbG8=\n"));  // a newline
  EXPECT_FALSE(base64_decode("aG=sbG8="));    // padding in the middle
  EXPECT_FALSE(base64_decode("a==="));        // three pads
  EXPECT_FALSE(base64_decode("aGk=aGk="));    // padding before the end
  EXPECT_FALSE(base64_decode("aGVsbG-="));    // base64url alphabet
  EXPECT_FALSE(base64_decode("aGl="));        // bits after the last byte set (not canonical)
  EXPECT_FALSE(base64_decode("aB=="));
}

TEST(SshSignatureText, OneLineAndArmoredRoundTripAsSshKeygenWritesThem) {
  testing::SshKeys keys;
  keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), "agentops-approval@v1", "payload");
  ASSERT_TRUE(signature) << signature.error().message;
  auto line = one_line(*signature);
  ASSERT_TRUE(line) << line.error().message;
  EXPECT_EQ(line->find('\n'), std::string::npos);
  EXPECT_EQ(armored(*line), *signature);  // lines of 70, as ssh-keygen writes
}

TEST(SshSignatureText, OneLineAcceptsAnyWrapping) {
  const std::string base64 = encode(blob());
  std::string rewrapped = "-----BEGIN SSH SIGNATURE-----\r\n";
  for (size_t at = 0; at < base64.size(); at += 13) rewrapped += base64.substr(at, 13) + "\r\n";
  rewrapped += "-----END SSH SIGNATURE-----\r\n";
  auto line = one_line(rewrapped);
  ASSERT_TRUE(line) << line.error().message;
  EXPECT_EQ(*line, base64);
}

TEST(SshSignatureText, OneLineRefusesMissingArmorAndBadBase64) {
  EXPECT_FALSE(one_line(encode(blob())));
  EXPECT_FALSE(one_line("-----BEGIN SSH SIGNATURE-----\n" + encode(blob()) + "\n"));
  EXPECT_FALSE(one_line("-----BEGIN SSH SIGNATURE-----\nnot*base64\n-----END SSH SIGNATURE-----\n"));
}

TEST(ParseSignature, ReadsTheKeyAndNamespace) {
  auto parsed = parse_signature(encode(blob()));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->key_type, "ssh-ed25519");
  EXPECT_EQ(parsed->name_space, "agentops-approval@v1");
  EXPECT_EQ(parsed->hash_algorithm, "sha512");
  EXPECT_EQ(parsed->public_key_blob, wire("ssh-ed25519") + wire(std::string(32, 'k')));
}

TEST(ParseSignature, ReadsARealSignature) {
  testing::SshKeys keys;
  const std::string alice = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), "git", "payload");
  ASSERT_TRUE(signature);
  auto parsed = parse_signature(*one_line(*signature));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->name_space, "git");
  // The key blob is the one the .pub line carries.
  const auto space = alice.find(' ');
  EXPECT_EQ(encode(parsed->public_key_blob), alice.substr(space + 1, alice.find(' ', space + 1) - space - 1));
}

TEST(ParseSignature, RefusesWhatIsNotAVersionOneSshsigBlob) {
  EXPECT_FALSE(parse_signature(encode("SSHSIK" + blob().substr(6))));
  EXPECT_FALSE(parse_signature(encode(blob(2))));
  EXPECT_FALSE(parse_signature(encode(blob(1, "x"))));               // trailing bytes
  EXPECT_FALSE(parse_signature(encode(blob().substr(0, 40))));        // truncated
  EXPECT_FALSE(parse_signature(encode("SSHSIG" + u32(1) + u32(0xffffffffu) + "abc")));  // oversize length
  EXPECT_FALSE(parse_signature(encode("SSHSIG" + u32(1))));
  EXPECT_FALSE(parse_signature(encode(blob()) + "\n"));
  EXPECT_FALSE(parse_signature(""));
}

TEST(ParseSignature, EveryTruncationAndEveryFlippedByteIsHandled) {
  const std::string whole = blob();
  for (size_t length = 0; length < whole.size(); ++length)
    EXPECT_FALSE(parse_signature(encode(whole.substr(0, length)))) << length;
  // A flipped byte either still parses (inside a key or signature) or is refused; never a crash.
  for (size_t at = 0; at < whole.size(); ++at) {
    std::string flipped = whole;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x80);
    (void)parse_signature(encode(flipped));
  }
}

}  // namespace
}  // namespace agentops::approval
