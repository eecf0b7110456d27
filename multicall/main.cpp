// The process entry of the agentops binary: runs the entry point named by the
// name it was started under, so the hooks cost one file on disk, not seven
// copies of libcore (cmake/multicall.cmake). Git starts a hook through the
// symlink agentops-pre-commit -> agentops, and argv[0] keeps that name.
//
// This is the only code that knows every entry point, and it knows nothing
// else: it lives apart from hooks/, installer/ and cli/, which still share code
// only through libcore.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

// Each entry point is the main() of its own source, renamed. main may be
// declared with or without arguments, so both forms are declared weak and the
// one its source defines is the one that is not null.
#define AGENTOPS_ENTRY_POINT(name, function) \
  __attribute__((weak)) int function(int, char**); \
  __attribute__((weak)) int function();
#include "agentops_entry_points.h"
#undef AGENTOPS_ENTRY_POINT

int agentops_cli_main(int argc, char** argv);

namespace {

struct EntryPoint {
  const char* name;
  int (*with_arguments)(int, char**);
  int (*without_arguments)();
};

const EntryPoint kEntryPoints[] = {
#define AGENTOPS_ENTRY_POINT(name, function) \
  {name, static_cast<int (*)(int, char**)>(function), static_cast<int (*)()>(function)},
#include "agentops_entry_points.h"
#undef AGENTOPS_ENTRY_POINT
};

constexpr const char* kPrefix = "agentops-";
const EntryPoint kCommandLine = {"agentops", agentops_cli_main, nullptr};

// A file name without what follows its first '.': hook managers and
// agentops-install rename a hook they keep and still run it
// (pre-commit.old for lefthook, pre-commit.legacy for the pre-commit framework,
// pre-commit.agentops-previous for agentops-install).
std::string stem_of(const std::string& file_name) { return file_name.substr(0, file_name.find('.')); }

// The entry point `file_name` names, by how strongly: 3 for its full name
// (agentops-pre-commit), 2 for a git hook's name, as a copy or a link placed
// straight into .git/hooks is called (pre-commit), 1 for the command line
// (agentops), 0 for none.
int match(const std::string& file_name, const EntryPoint*& entry) {
  const std::string stem = stem_of(file_name);
  for (const EntryPoint& candidate : kEntryPoints) {
    const std::string name = candidate.name;
    if (stem == name) {
      entry = &candidate;
      return 3;
    }
    if (name != "agentops-install" && stem == name.substr(std::strlen(kPrefix))) {
      entry = &candidate;
      return 2;
    }
  }
  if (stem == kCommandLine.name) {
    entry = &kCommandLine;
    return 1;
  }
  return 0;
}

// The names the binary was started under: argv[0]'s file name, then, when
// argv[0] is a path (git runs hooks by path), the names of the symbolic links
// it passes through (.git/hooks/pre-commit -> /usr/bin/agentops-pre-commit ->
// agentops). A bare name was found on PATH, so it is not followed.
std::vector<std::string> names_started_under(const char* argv0) {
  namespace fs = std::filesystem;
  fs::path path = argv0;
  std::vector<std::string> names = {path.filename().string()};
  if (std::strchr(argv0, '/') == nullptr) return names;
  for (int hop = 0; hop < 16; ++hop) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(path, ec);
    if (ec) break;
    path = target.is_absolute() ? target : path.parent_path() / target;
    names.push_back(path.filename().string());
  }
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  const char* argv0 = argc > 0 && argv[0] ? argv[0] : "";
  // The strongest name wins, the outermost among equals: a link named for one
  // hook to agentops-<another> runs that other one, as it did when each hook
  // was its own executable.
  const EntryPoint* entry = nullptr;
  int strength = 0;
  for (const std::string& name : names_started_under(argv0)) {
    const EntryPoint* named = nullptr;
    const int named_strength = match(name, named);
    if (named_strength > strength) {
      strength = named_strength;
      entry = named;
    }
  }
  if (!entry) {
    // A name that is none of agentops' (a hook file git runs under a name no
    // one gave agentops): it cannot tell which check git wants, so it stops
    // it, and git stops too (fail closed).
    std::fprintf(stderr,
                 "agentops: started as '%s', which names none of its commands (agentops, agentops-<hook>): "
                 "stopped (fail closed)\n"
                 "  a git hook calls agentops-<hook> by that name (agentops-install writes such hooks)\n",
                 argv0);
    return 2;
  }
  if (entry->with_arguments) return entry->with_arguments(argc, argv);
  if (entry->without_arguments) return entry->without_arguments();
  // Unreachable when the build links every entry point; a hook still fails closed.
  std::fprintf(stderr, "agentops: %s is not built into this binary: stopped (fail closed)\n", entry->name);
  return 2;
}
