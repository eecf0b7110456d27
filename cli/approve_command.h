// `agentops approve`: a person signs what a change does to protected paths
// (agentops/approval.h) and gets one trailer line for `git commit --trailer`.
#pragma once

#include <string>
#include <vector>

namespace agentops::cli {

inline constexpr const char* kApproveUsage =
    "  approve REV | --staged [--key FILE] [--principal NAME] [--whole-change]\n"
    "          [--show-payload] [--repo DIR]\n"
    "                       sign what a change does to protected paths (the staged change against\n"
    "                       HEAD, or commit REV against its first parent) with ssh-keygen -Y sign\n"
    "                       -n agentops-approval@v1, and print one trailer line (stdout):\n"
    "                         git commit --trailer \"$(agentops approve --staged)\"\n"
    "                         git commit --amend --no-edit --trailer \"$(agentops approve HEAD)\"\n"
    "                       --key FILE: the SSH key (default git config user.signingkey: a file,\n"
    "                       or \"key::ssh-ed25519 ...\" whose private half an ssh-agent holds);\n"
    "                       --principal NAME: who approves, as .agentops/allowed_signers lists\n"
    "                       them (default git config user.email); --show-payload: print what is\n"
    "                       signed to stderr first; --whole-change: sign every path the change\n"
    "                       touches, which lifts its other gates too (size, agent commits).\n"
    "                       Exit 2 when nothing could be signed\n";

int run_approve(const std::vector<std::string>& args);

}  // namespace agentops::cli
