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

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 0 ? argv[0] : "agentops";
  const char* slash = std::strrchr(path, '/');
  const char* called_as = slash ? slash + 1 : path;
  for (const EntryPoint& entry : kEntryPoints) {
    if (std::strcmp(called_as, entry.name) != 0) continue;
    if (entry.with_arguments) return entry.with_arguments(argc, argv);
    if (entry.without_arguments) return entry.without_arguments();
    // Unreachable when the build links every entry point; a hook still fails closed.
    std::fprintf(stderr, "agentops: %s is not built into this binary: stopped (fail closed)\n", called_as);
    return 2;
  }
  // `agentops`, or any other name: the command line. Started under a hook's
  // arguments by mistake, it stops with a usage error (exit 2), so git stops too.
  return agentops_cli_main(argc, argv);
}
