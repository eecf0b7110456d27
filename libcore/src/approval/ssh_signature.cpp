// SSH signatures as text and as the SSHSIG blob (OpenSSH PROTOCOL.sshsig),
// see ssh_signature.h.
#include "approval/ssh_signature.h"

#include <array>
#include <cstdint>

namespace agentops::approval {
namespace {

constexpr std::string_view kBegin = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view kEnd = "-----END SSH SIGNATURE-----";
constexpr std::string_view kMagic = "SSHSIG";
constexpr std::uint32_t kVersion = 1;
// ssh-keygen wraps armored signatures at 70 columns (sshbuf_dtob64 in sshsig.c).
constexpr size_t kArmorWidth = 70;
// Far above any real signature (an RSA-16384 one is under 5 KiB); bounds work on hostile input.
constexpr size_t kMaxSignatureBytes = 64 * 1024;

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The 6-bit value of each base64 character; -1 for anything else.
constexpr std::array<int, 256> make_base64_values() {
  std::array<int, 256> values{};
  for (auto& value : values) value = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i) values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return values;
}
constexpr std::array<int, 256> kBase64Values = make_base64_values();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads the SSH wire format (RFC 4251): uint32 big-endian, string = uint32 length + bytes.
class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : rest_(bytes) {}

  bool read_u32(std::uint32_t& value) {
    if (rest_.size() < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(rest_[static_cast<size_t>(i)]);
    rest_.remove_prefix(4);
    return true;
  }
  bool read_string(std::string& value) {
    std::uint32_t length = 0;
    if (!read_u32(length) || length > rest_.size()) return false;
    value.assign(rest_.substr(0, length));
    rest_.remove_prefix(length);
    return true;
  }
  bool read_fixed(std::string_view expected) {
    if (rest_.substr(0, expected.size()) != expected) return false;
    rest_.remove_prefix(expected.size());
    return true;
  }
  bool at_end() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace

Result<std::string> base64_decode(std::string_view text) {
  if (text.empty()) return Error{"empty base64"};
  if (text.size() % 4 != 0) return Error{"base64 of " + std::to_string(text.size()) + " characters (not a multiple of 4)"};
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (size_t at = 0; at < text.size(); at += 4) {
    const bool last = at + 4 == text.size();
    int values[4];
    int padding = 0;
    for (size_t i = 0; i < 4; ++i) {
      const char c = text[at + i];
      if (c == '=' && last && i >= 2) {
        ++padding;
        values[i] = 0;
        continue;
      }
      // Padding only at the very end, and nothing after it.
      if (padding > 0 || kBase64Values[static_cast<unsigned char>(c)] < 0)
        return Error{"not base64: '" + std::string(1, c) + "' at " + std::to_string(at + i + 1)};
      values[i] = kBase64Values[static_cast<unsigned char>(c)];
    }
    const std::uint32_t group = (static_cast<std::uint32_t>(values[0]) << 18) |
                                (static_cast<std::uint32_t>(values[1]) << 12) |
                                (static_cast<std::uint32_t>(values[2]) << 6) | static_cast<std::uint32_t>(values[3]);
    // Strict: the bits padding drops must be zero (one text per byte string).
    if ((padding == 1 && (group & 0xff) != 0) || (padding == 2 && (group & 0xffff) != 0))
      return Error{"not canonical base64: bits after the last byte are set"};
    bytes.push_back(static_cast<char>((group >> 16) & 0xff));
    if (padding < 2) bytes.push_back(static_cast<char>((group >> 8) & 0xff));
    if (padding < 1) bytes.push_back(static_cast<char>(group & 0xff));
  }
  return bytes;
}

Result<std::string> one_line(std::string_view armored_text) {
  const size_t begin = armored_text.find(kBegin);
  if (begin == std::string_view::npos) return Error{"no \"" + std::string(kBegin) + "\" line"};
  const size_t body = begin + kBegin.size();
  const size_t end = armored_text.find(kEnd, body);
  if (end == std::string_view::npos) return Error{"no \"" + std::string(kEnd) + "\" line"};
  // Any wrapping is accepted when reading: only the base64 characters count.
  std::string base64;
  for (const char c : armored_text.substr(body, end - body))
    if (!is_space(c)) base64.push_back(c);
  if (base64.size() > kMaxSignatureBytes * 4 / 3 + 4) return Error{"signature larger than any SSH signature"};
  auto bytes = base64_decode(base64);
  if (!bytes) return Error{"the armored signature is not base64: " + bytes.error().message};
  return base64;
}

std::string armored(std::string_view base64) {
  std::string text(kBegin);
  text.push_back('\n');
  for (size_t at = 0; at < base64.size(); at += kArmorWidth) {
    text.append(base64.substr(at, kArmorWidth));
    text.push_back('\n');
  }
  text.append(kEnd);
  text.push_back('\n');
  return text;
}

Result<SshSignature> parse_signature(std::string_view base64) {
  if (base64.size() > kMaxSignatureBytes * 4 / 3 + 4) return Error{"signature larger than any SSH signature"};
  auto bytes = base64_decode(base64);
  if (!bytes) return Error{"the signature is not base64: " + bytes.error().message};
  WireReader reader(*bytes);
  if (!reader.read_fixed(kMagic)) return Error{"not an SSH signature (no SSHSIG magic)"};
  std::uint32_t version = 0;
  if (!reader.read_u32(version)) return Error{"SSH signature truncated before its version"};
  if (version != kVersion) return Error{"SSH signature version " + std::to_string(version) + " (only 1 is known)"};
  SshSignature signature;
  std::string reserved, signature_bytes;
  if (!reader.read_string(signature.public_key_blob)) return Error{"SSH signature truncated in its public key"};
  if (!reader.read_string(signature.name_space)) return Error{"SSH signature truncated in its namespace"};
  if (!reader.read_string(reserved)) return Error{"SSH signature truncated in its reserved field"};
  if (!reader.read_string(signature.hash_algorithm)) return Error{"SSH signature truncated in its hash algorithm"};
  if (!reader.read_string(signature_bytes)) return Error{"SSH signature truncated in its signature"};
  if (!reader.at_end()) return Error{"SSH signature has bytes after its signature"};
  WireReader key(signature.public_key_blob);
  if (!key.read_string(signature.key_type) || signature.key_type.empty())
    return Error{"SSH signature's public key has no key type"};
  return signature;
}

}  // namespace agentops::approval
