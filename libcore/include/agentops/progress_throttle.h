// Whether a progress line is worth redrawing: at most a few times a second,
// and always for the last item, so a terminal is not written once per commit
// over thousands of them. The clock is injected so tests need no sleeping.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

namespace agentops {

class ProgressThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  // ~4 redraws a second.
  static constexpr std::chrono::milliseconds kInterval{250};

  explicit ProgressThrottle(std::function<Clock::time_point()> now = [] { return Clock::now(); },
                            std::chrono::milliseconds interval = kInterval)
      : now_(std::move(now)), interval_(interval) {}

  // True when the line for `done` of `total` should be drawn now: the final
  // one always, otherwise the first and then once per interval.
  bool should_draw(size_t done, size_t total) {
    const Clock::time_point at = now_();
    if (done >= total) {
      last_ = at;
      drawn_ = true;
      return true;
    }
    if (drawn_ && at - last_ < interval_) return false;
    last_ = at;
    drawn_ = true;
    return true;
  }

 private:
  std::function<Clock::time_point()> now_;
  std::chrono::milliseconds interval_;
  Clock::time_point last_{};
  bool drawn_ = false;
};

}  // namespace agentops
