// The package version made from git's description of the source tree
// (cmake/version.cmake) against real tags, with dpkg as the oracle: dpkg-deb
// accepts it, and dpkg orders it as the releases were made, so apt upgrades.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;
using testing::run_command;

class DebianVersion : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v dpkg-deb && command -v dpkg", "/").exit_code != 0) GTEST_SKIP() << "no dpkg";
    sandbox.commit_file("a.txt", "one\n");
  }
  // What CPack would be given for the sandbox's tree.
  std::string package_version() const {
    const std::string script = scratch.path("debian_version.cmake");
    std::ofstream(script) << "include(" << AGENTOPS_SOURCE_DIR << "/cmake/version.cmake)\n"
                          << "agentops_describe(\"" << sandbox.root() << "\" 9.8.7 described)\n"
                          << "agentops_debian_version(\"${described}\" debian)\n"
                          << "file(WRITE \"" << scratch.path("version.txt") << "\" \"${debian}\")\n";
    const CommandResult result = run_command("cmake -P " + quote(script), scratch.root());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::ifstream in(scratch.path("version.txt"));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // dpkg-deb builds a package of that version (what cpack runs).
  bool dpkg_accepts(const std::string& version) const {
    const std::string control = scratch.path("package/DEBIAN/control");
    run_command("mkdir -p package/DEBIAN", scratch.root());
    std::ofstream(control) << "Package: agentops-test\nVersion: " << version
                           << "\nArchitecture: all\nMaintainer: t <t@example.invalid>\nDescription: t\n";
    return run_command("dpkg-deb -b package p.deb", scratch.root()).exit_code == 0;
  }
  bool dpkg_orders(const std::string& older, const std::string& newer) const {
    return run_command("dpkg --compare-versions " + quote(older) + " lt " + quote(newer), "/").exit_code == 0;
  }
  GitSandbox sandbox;
  GitSandbox scratch{false};
};

TEST_F(DebianVersion, AReleaseCandidateSortsBeforeItsRelease) {
  sandbox.git("tag v1.2.3-rc1");
  const std::string candidate = package_version();
  sandbox.commit_file("a.txt", "two\n");
  const std::string after_candidate = package_version();
  sandbox.git("tag v1.2.3");
  const std::string release = package_version();
  sandbox.commit_file("a.txt", "three\n");
  const std::string after_release = package_version();
  for (const auto& version : {candidate, after_candidate, release, after_release})
    EXPECT_TRUE(dpkg_accepts(version)) << version;
  EXPECT_EQ(release, "1.2.3");
  EXPECT_TRUE(dpkg_orders(candidate, after_candidate)) << candidate << " " << after_candidate;
  EXPECT_TRUE(dpkg_orders(after_candidate, release)) << after_candidate << " " << release;
  EXPECT_TRUE(dpkg_orders(release, after_release)) << release << " " << after_release;
}

TEST_F(DebianVersion, ATagWithCharactersDebianRefusesStillMakesAValidVersion) {
  for (const std::string tag : {"v1_2", "release/1.0", "build@7", "nightly"}) {
    sandbox.git("tag " + quote(tag));
    const std::string version = package_version();
    EXPECT_TRUE(dpkg_accepts(version)) << tag << " -> " << version;
    sandbox.git("tag -d " + quote(tag));
  }
}

TEST_F(DebianVersion, ADirtyTreeAndAnUntaggedTreeMakeValidVersions) {
  EXPECT_TRUE(dpkg_accepts(package_version()));
  sandbox.write("a.txt", "changed\n");
  const std::string dirty = package_version();
  EXPECT_NE(dirty.find("dirty"), std::string::npos) << dirty;
  EXPECT_TRUE(dpkg_accepts(dirty)) << dirty;
}

// cpack takes the version the binary prints, not git's at configure time (a
// commit may come between configuring and building the package).
TEST(PackageVersion, IsTheVersionTheBinaryWasBuiltWith) {
  GitSandbox scratch(false);
  const std::string build_dir = testing::bin_dir() + "/..";
  const CommandResult printed = run_command(quote(testing::bin("agentops")) + " --version", scratch.root());
  ASSERT_EQ(printed.out.rfind("agentops ", 0), 0u) << printed.out;
  const std::string version = printed.out.substr(9, printed.out.find('\n') - 9);
  std::ofstream(scratch.path("read.cmake"))
      << "set(CPACK_PACKAGE_VERSION configure-time)\n"
      << "include(\"" << build_dir << "/cpack_version.cmake\")\n"
      << "agentops_debian_version(\"" << version << "\" expected)\n"
      << "file(WRITE \"" << scratch.path("out.txt") << "\" \"${CPACK_PACKAGE_VERSION} ${expected}\")\n";
  const CommandResult result = run_command("cmake -P read.cmake", scratch.root());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream in(scratch.path("out.txt"));
  std::string packaged, expected;
  in >> packaged >> expected;
  EXPECT_EQ(packaged, expected);
  EXPECT_NE(packaged, "configure-time");
}

}  // namespace
}  // namespace agentops
