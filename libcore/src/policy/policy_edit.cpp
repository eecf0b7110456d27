// What a refusal of a policy edit says. Editing .agentops/ is gated, and the
// committed policy (not the edit) judges the commit, so a change cannot switch
// off the rules that judge it: the person editing needs to know that, who may
// approve, that the edit goes in a commit of its own, and how to try the new
// policy before it is committed.
#include "agentops/policy.h"

namespace agentops {

bool is_policy_file(std::string_view path) { return path.starts_with(".agentops/"); }

std::string policy_edit_message(std::string_view status) {
  return "the policy itself is " + std::string(status) +
         ": the committed policy (HEAD's, or the built-in baseline when HEAD has none; not this edit) judges this commit, so an edit cannot loosen the rules "
         "that judge it";
}

std::string policy_edit_hint(const GatesPolicy& gates) {
  std::string who = "any person";
  if (!gates.approvers.empty()) {
    who = "one of ";
    for (size_t i = 0; i < gates.approvers.size(); ++i) who += (i ? ", " : "") + gates.approvers[i];
  }
  return "a person must approve it: " + who + ", with the trailer \"" + gates.approval_trailer +
         ": Name <email>\" in the message. Commit the policy edit on its own (other files in the same commit wait for "
         "the same approval and are judged by the old policy too). To see what the new policy says before it is "
         "committed: agentops policy validate, and agentops check --staged --policy .agentops/policy.toml";
}

}  // namespace agentops
