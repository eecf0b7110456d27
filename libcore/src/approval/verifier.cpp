// Signed approvals judged (see verifier.h). ssh-keygen is the only judge of a
// signature; the allowed-signers reading around it only says why it refused,
// and the non-contributor rule is ours.
#include "approval/verifier.h"

#include <cctype>
#include <ctime>
#include <optional>

#include "approval/allowed_signers.h"
#include "approval/ssh_keygen.h"
#include "approval/ssh_signature.h"

namespace agentops::approval {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// "Name <email>" split; a bare value counts as both.
struct Identity {
  std::string whole, name, email;
};

Identity identity_of(std::string_view text) {
  Identity identity;
  identity.whole = std::string(trim(text));
  const size_t open = text.find('<');
  const size_t close = text.find('>', open == std::string_view::npos ? 0 : open);
  if (open != std::string_view::npos && close != std::string_view::npos) {
    identity.name = std::string(trim(text.substr(0, open)));
    identity.email = std::string(trim(text.substr(open + 1, close - open - 1)));
  } else {
    identity.name = identity.email = identity.whole;
  }
  return identity;
}

bool names_person(std::string_view principal, const Identity& person) {
  return (!person.email.empty() && equals_ignoring_case(principal, person.email)) ||
         (!person.whole.empty() && equals_ignoring_case(principal, person.whole)) ||
         (!person.name.empty() && equals_ignoring_case(principal, person.name));
}

// What the base's allowed signers hold, read once per verification.
struct Signers {
  std::optional<std::vector<AllowedSigner>> entries;  // nullopt: no file, or one ssh-keygen would not read
  std::string problem;                                // why there are none, for no_signers
  std::vector<std::string> approvers;
};

Signers read_signers(const TrustFiles& trust, const GatesPolicy& gates) {
  Signers signers;
  const std::string where = gates.allowed_signers + " (read from the base side: " +
                            (trust.read_from.empty() ? std::string("no snapshot") : trust.read_from) + ")";
  if (!trust.allowed_signers) {
    signers.problem = "there is no allowed signers file " + where + ", so nobody can approve";
    return signers;
  }
  auto parsed = parse_allowed_signers(*trust.allowed_signers);
  if (!parsed) {
    signers.problem = "the allowed signers file " + where + " is not one ssh-keygen reads: " + parsed.error().message;
    return signers;
  }
  signers.approvers = principals_for(*parsed, kApprovalNamespace);
  if (signers.approvers.empty()) {
    signers.problem = "the allowed signers file " + where + " lists nobody for namespace " + kApprovalNamespace;
    return signers;
  }
  signers.entries = std::move(*parsed);
  return signers;
}

ApprovalVerdict refusal(ApprovalState state, std::string principal, std::string fingerprint, std::string detail) {
  ApprovalVerdict verdict;
  verdict.state = state;
  verdict.principal = std::move(principal);
  verdict.fingerprint = std::move(fingerprint);
  verdict.detail = std::move(detail);
  return verdict;
}

std::string time_text(std::string_view written) {
  // "20300101" -> "2030-01-01", "20300101123000Z" -> "2030-01-01 12:30:00 UTC": as written, made readable.
  std::string_view digits = written;
  std::string zone;
  if (!digits.empty() && (digits.back() == 'Z' || digits.back() == 'z')) {
    digits.remove_suffix(1);
    zone = " UTC";
  } else if (digits.size() > 3 && equals_ignoring_case(digits.substr(digits.size() - 3), "UTC")) {
    digits.remove_suffix(3);
    zone = " UTC";
  }
  if (digits.size() < 8) return std::string(written);
  std::string text = std::string(digits.substr(0, 4)) + "-" + std::string(digits.substr(4, 2)) + "-" +
                     std::string(digits.substr(6, 2));
  if (digits.size() >= 12) text += " " + std::string(digits.substr(8, 2)) + ":" + std::string(digits.substr(10, 2));
  if (digits.size() >= 14) text += ":" + std::string(digits.substr(12, 2));
  return text + zone;
}

// Why ssh-keygen would refuse `key` for `principal`, read from the entries:
// nullopt when some entry lists it for the principal, namespace and now.
std::optional<ApprovalVerdict> classify_key(const std::vector<AllowedSigner>& entries, const SshSignature& signature,
                                            const std::string& principal, const std::string& fingerprint,
                                            std::int64_t now) {
  std::vector<const AllowedSigner*> same_key;
  for (const auto& entry : entries)
    if (!entry.cert_authority && entry.key_blob == signature.public_key_blob) same_key.push_back(&entry);
  const std::string by = "the approval by " + principal;
  const std::string key = fingerprint.empty() ? "a key" : "key " + fingerprint;
  if (same_key.empty())
    return refusal(ApprovalState::unknown_key, principal, fingerprint,
                   by + " is signed with " + key + " the base's allowed signers do not list");
  std::vector<const AllowedSigner*> for_principal;
  std::vector<std::string> listed_as;
  for (const auto* entry : same_key) {
    if (principal_matches(*entry, principal)) {
      for_principal.push_back(entry);
    } else {
      for (const auto& pattern : entry->principals)
        if (!pattern.empty() && pattern.front() != '!') listed_as.push_back(pattern);
    }
  }
  if (for_principal.empty())
    return refusal(ApprovalState::unknown_key, principal, fingerprint,
                   by + " is signed with " + key + ", which the base's allowed signers list for " + joined(listed_as) +
                       ", not for " + principal);
  std::vector<const AllowedSigner*> for_namespace;
  for (const auto* entry : for_principal)
    if (allows_namespace(*entry, kApprovalNamespace)) for_namespace.push_back(entry);
  if (for_namespace.empty())
    return refusal(ApprovalState::unknown_key, principal, fingerprint,
                   by + " is signed with " + key + ", which the base's allowed signers list for " + principal +
                       " but not for namespace " + kApprovalNamespace + " (namespaces=\"" +
                       joined(for_principal.front()->namespaces) + "\", line " +
                       std::to_string(for_principal.front()->line) + ")");
  for (const auto* entry : for_namespace)
    if (!expired(*entry, now) && !not_yet_valid(*entry, now)) return std::nullopt;
  const AllowedSigner& entry = *for_namespace.back();
  const std::string when = expired(entry, now) ? "expired: valid-before " + time_text(entry.valid_before) + " has passed"
                                               : "not valid yet: valid-after " + time_text(entry.valid_after);
  return refusal(ApprovalState::expired, principal, fingerprint,
                 by + " is signed with " + key + ", whose allowed signers entry (line " + std::to_string(entry.line) +
                     ") has " + when);
}

// The non-contributor rule: nobody approves their own change, by name or email,
// nor with a key the base lists for the author's or committer's email.
std::optional<ApprovalVerdict> self_approval(const ApprovalSubject& subject, const std::vector<AllowedSigner>& entries,
                                             const SshSignature& signature, const std::string& principal,
                                             const std::string& fingerprint) {
  const Identity people[] = {identity_of(subject.author), identity_of(subject.committer)};
  const char* roles[] = {"author", "committer"};
  for (int i = 0; i < 2; ++i) {
    if (names_person(principal, people[i]))
      return refusal(ApprovalState::self_approval, principal, fingerprint,
                     "the approval by " + principal + " is by the change's own " + roles[i] + " (" + people[i].whole +
                         "): a person other than its author and committer must approve");
  }
  for (const auto& entry : entries) {
    if (entry.key_blob != signature.public_key_blob) continue;
    for (int i = 0; i < 2; ++i) {
      if (people[i].email.empty() || !principal_matches(entry, people[i].email)) continue;
      return refusal(ApprovalState::self_approval, principal, fingerprint,
                     "the approval by " + principal + " is signed with a key the base's allowed signers list for the " +
                         "change's own " + roles[i] + " (" + people[i].email + ", line " + std::to_string(entry.line) +
                         "): a person other than its author and committer must approve");
    }
  }
  return std::nullopt;
}

// One Agentops-Approval trailer's verdict, or an error when ssh-keygen could not judge it.
Result<ApprovalVerdict> verify_trailer(const std::string& value, const ApprovalSubject& subject, const Signers& signers,
                                       const std::string& allowed_signers_text, std::int64_t now) {
  const std::string_view text = trim(value);
  const size_t space = text.find_last_of(" \t");
  if (space == std::string_view::npos || trim(text.substr(0, space)).empty())
    return refusal(ApprovalState::malformed, "", "",
                   std::string("the ") + kApprovalTrailer + " trailer is not \"<principal> <signature>\"");
  const std::string principal(trim(text.substr(0, space)));
  const std::string base64(text.substr(space + 1));
  auto signature = parse_signature(base64);
  if (!signature)
    return refusal(ApprovalState::malformed, principal, "",
                   "the approval by " + principal + " carries no SSH signature: " + signature.error().message);
  if (signature->name_space != kApprovalNamespace)
    return refusal(ApprovalState::malformed, principal, "",
                   "the approval by " + principal + " is signed for namespace \"" + signature->name_space + "\", not " +
                       kApprovalNamespace + " (it is not an agentops approval)");
  if (!signers.entries) return refusal(ApprovalState::no_signers, principal, "", signers.problem);

  const std::string armored_signature = armored(base64);
  auto covers = ssh_check_novalidate(kApprovalNamespace, armored_signature, subject.payload);
  if (!covers) return covers.error();
  if (!covers->good)
    return refusal(ApprovalState::other_content, principal, "",
                   "the approval by " + principal +
                       " covers other content: the change is not what was approved (re-approve it)");
  const std::string fingerprint = covers->fingerprint;

  // A certificate's key is judged by its CA: ssh-keygen alone can say.
  const bool certificate = signature->key_type.find("-cert-v01@openssh.com") != std::string::npos;
  if (!certificate) {
    if (auto refused = classify_key(*signers.entries, *signature, principal, fingerprint, now)) return *refused;
  }
  if (auto refused = self_approval(subject, *signers.entries, *signature, principal, fingerprint)) return *refused;

  auto verdict = ssh_verify(allowed_signers_text, principal, kApprovalNamespace, armored_signature, subject.payload);
  if (!verdict) return verdict.error();
  if (verdict->good) {
    ApprovalVerdict verified;
    verified.state = ApprovalState::verified;
    verified.principal = principal;
    verified.fingerprint = verdict->fingerprint.empty() ? fingerprint : verdict->fingerprint;
    verified.detail = "approved by " + principal + " with key " + verified.fingerprint;
    return verified;
  }
  const bool out_of_time = verdict->message.find("expired") != std::string::npos ||
                           verdict->message.find("not yet valid") != std::string::npos;
  return refusal(out_of_time ? ApprovalState::expired : ApprovalState::unknown_key, principal, fingerprint,
                 "ssh-keygen did not verify the approval by " + principal + " against the base's allowed signers: " +
                     verdict->message);
}

}  // namespace

const char* to_string(ApprovalState state) {
  switch (state) {
    case ApprovalState::verified: return "verified";
    case ApprovalState::none: return "none";
    case ApprovalState::typed: return "typed";
    case ApprovalState::malformed: return "malformed";
    case ApprovalState::unknown_key: return "unknown-key";
    case ApprovalState::other_content: return "other-content";
    case ApprovalState::self_approval: return "self-approval";
    case ApprovalState::expired: return "expired";
    case ApprovalState::no_signers: return "no-signers";
  }
  return "none";
}

Result<ApprovalVerdict> verify_approval(const ApprovalSubject& subject, const TrustFiles& trust,
                                        const GatesPolicy& gates) {
  const Signers signers = read_signers(trust, gates);
  std::optional<ApprovalVerdict> last_refusal;
  bool typed = false;
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  for (const auto& trailer : subject.trailers) {
    // git compares trailer keys without regard to case.
    if (!gates.approval_trailer.empty() && equals_ignoring_case(trailer.key, gates.approval_trailer)) typed = true;
    if (!equals_ignoring_case(trailer.key, kApprovalTrailer)) continue;
    auto verdict = verify_trailer(trailer.value, subject, signers, trust.allowed_signers.value_or(""), now);
    if (!verdict) return verdict.error();
    verdict->approvers = signers.approvers;
    if (verdict->state == ApprovalState::verified) return std::move(*verdict);
    last_refusal = std::move(*verdict);
  }
  if (last_refusal) return std::move(*last_refusal);
  ApprovalVerdict verdict;
  verdict.approvers = signers.approvers;
  if (typed) {
    verdict.state = ApprovalState::typed;
    verdict.detail = "the typed " + gates.approval_trailer + " trailer does not count under [gates] approval = " +
                     "\"signed\": the change needs an " + kApprovalTrailer + " trailer signed by an allowed signer";
  } else {
    verdict.state = ApprovalState::none;
    verdict.detail = std::string("the change carries no signed approval (") + kApprovalTrailer + " trailer)";
  }
  return verdict;
}

Finding refusal_finding(const ApprovalVerdict& verdict, const GatesPolicy& gates) {
  Finding finding;
  finding.rule = "gate.signed-approval";
  finding.severity = Severity::gate;
  finding.message = verdict.detail.empty() ? std::string("no signed approval: ") + to_string(verdict.state)
                                           : verdict.detail;
  finding.approval = ApprovalRecord{to_string(verdict.state), verdict.principal, verdict.fingerprint,
                                    verdict.state == ApprovalState::verified ? std::string() : verdict.detail};

  const std::string command =
      "`git commit --trailer \"$(agentops approve --staged)\"` (a commit already made: "
      "`git commit --amend --no-edit --trailer \"$(agentops approve <commit>)\"`)";
  const std::string who = verdict.approvers.empty()
                              ? std::string()
                              : " (the base's allowed signers for " + std::string(kApprovalNamespace) + ": " +
                                    joined(verdict.approvers) + ")";
  switch (verdict.state) {
    case ApprovalState::verified:
      break;
    case ApprovalState::no_signers:
      finding.hint = "commit " + gates.allowed_signers + " (OpenSSH allowed-signers format, namespaces=\"" +
                     kApprovalNamespace + "\") to the base branch first, reviewed by a person: it is read from the " +
                     "base side, so the change it would approve cannot add it; then a listed person runs " + command;
      break;
    case ApprovalState::self_approval:
      finding.hint = "a person other than the change's author and committer" + who + " runs " + command;
      break;
    case ApprovalState::other_content:
      finding.hint = "the change differs from what was approved: have it approved again" + who + " with " + command;
      break;
    case ApprovalState::expired:
      finding.hint = "renew the key's entry in " + gates.allowed_signers + " on the base branch, or have another " +
                     "allowed signer" + who + " run " + command;
      break;
    case ApprovalState::none:
    case ApprovalState::typed:
    case ApprovalState::malformed:
    case ApprovalState::unknown_key:
      finding.hint = "have a person listed in " + gates.allowed_signers + who + " approve with " + command;
      break;
  }
  return finding;
}

}  // namespace agentops::approval
