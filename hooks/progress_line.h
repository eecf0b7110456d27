// The "checked N/M commits" line shared by the pre-push hook and `agentops check/scan`.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <functional>

// Only when a person is watching stderr, and only for long runs: otherwise an
// empty callback, so libcore skips the call entirely.
inline std::function<void(size_t, size_t)> progress_line() {
  if (!isatty(STDERR_FILENO)) return {};
  return [](size_t checked, size_t total) {
    if (total >= 50) std::fprintf(stderr, "\ragentops: checked %zu/%zu commits%s", checked, total, checked == total ? "\n" : "");
  };
}
