# Installing and packaging (docs/install.md).
#
#   cmake --install build --prefix /usr/local --strip   the executables, stripped
#   scripts/package.sh                                  a .deb (CPack) in build-package/
#
# The executables carry the presets compiled in; policies/ is installed to read
# (share/agentops/policies) and docs/ to share/doc/agentops.
include(GNUInstallDirs)

# One binary, stripped by --strip and in the package, and a symlink to it under
# each name of an entry point (the hooks, agentops-install): cmake/multicall.cmake.
install(TARGETS agentops RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
get_property(agentops_entry_points GLOBAL PROPERTY AGENTOPS_ENTRY_POINTS)
foreach(name IN LISTS agentops_entry_points)
  install(CODE "file(CREATE_LINK agentops \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/${name}\" SYMBOLIC)")
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/agentops/policies)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The .deb: `apt install ./agentops_<version>_<arch>.deb` pulls in what the
# executables load. dpkg-shlibdeps (dpkg-dev, with `file`) reads them and names
# the Debian packages of their shared libraries: on Debian 12 libmbedtls14,
# libmbedx509-1, libmbedcrypto7, libgssapi-krb5-2, libc6 (libgit2, re2, the
# C++ runtime and the rest are linked in statically). git is called as a
# program (push checks, git config), so it is declared by hand.
agentops_describe("${PROJECT_SOURCE_DIR}" "${PROJECT_VERSION}" AGENTOPS_DESCRIBED_VERSION)
agentops_debian_version("${AGENTOPS_DESCRIBED_VERSION}" AGENTOPS_DEBIAN_VERSION)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME agentops)
set(CPACK_PACKAGE_VERSION "${AGENTOPS_DEBIAN_VERSION}")
# The version above is git's when cmake configured; the binary's is git's when
# it was built (a commit may come between). cpack reads this file when it
# packages: the package takes the version the binary prints.
set(AGENTOPS_CPACK_VERSION_FILE ${CMAKE_BINARY_DIR}/cpack_version.cmake)
file(CONFIGURE OUTPUT ${AGENTOPS_CPACK_VERSION_FILE} @ONLY CONTENT [=[
include("@PROJECT_SOURCE_DIR@/cmake/version.cmake")
file(STRINGS "@AGENTOPS_GENERATED_DIR@/agentops_version.h" agentops_version_line REGEX "^#define AGENTOPS_VERSION ")
if(agentops_version_line MATCHES "AGENTOPS_VERSION .(.+).$")  # the value between the quotes
  agentops_debian_version("${CMAKE_MATCH_1}" CPACK_PACKAGE_VERSION)
endif()
]=])
set(CPACK_PROJECT_CONFIG_FILE ${AGENTOPS_CPACK_VERSION_FILE})
set(CPACK_PACKAGE_VENDOR "agentops")
set(CPACK_PACKAGE_CONTACT "agentops maintainers <agentops@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "git guardrails for AI agents and people: one policy, every layer")
set(CPACK_PACKAGE_DESCRIPTION
    "agentops makes git enforce a repository's policy (.agentops/policy.toml) in the\n"
    "pre-commit, commit-msg and pre-push hooks, in CI and on a git server: secrets,\n"
    "forbidden and protected paths, change size, commit messages, branch rules.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION vcs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "git")
# Signed approvals and require_signed call ssh-keygen (and gpg), as git does.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssh-client, gnupg")
include(CPack)
