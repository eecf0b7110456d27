// The "checked N/M commits" line shared by the pre-push hook and `agentops
// check/scan/report --range`.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>

#include "agentops/progress_throttle.h"

// Only when a person is watching stderr, and only for long runs: otherwise an
// empty callback, so libcore skips the call entirely. Throttled (a few redraws
// a second, the last one always): a line per commit would cost more than
// judging thousands of small commits.
inline std::function<void(size_t, size_t)> progress_line() {
  if (!isatty(STDERR_FILENO)) return {};
  auto throttle = std::make_shared<agentops::ProgressThrottle>();
  return [throttle](size_t checked, size_t total) {
    if (total < 50 || !throttle->should_draw(checked, total)) return;
    std::fprintf(stderr, "\ragentops: checked %zu/%zu commits%s", checked, total, checked == total ? "\n" : "");
  };
}
