#include "agentops/redact.h"

#include <gtest/gtest.h>

namespace agentops {
namespace {

TEST(Redact, LongTokenKeepsFourCharactersAtEachEnd) {
  EXPECT_EQ(redact(std::string("AKIA") + "IOSFODNN7EXAMPLE"), "AKIA************MPLE");
}

TEST(Redact, MediumValueKeepsTwo) { EXPECT_EQ(redact("abcdefghijkl"), "ab********kl"); }

TEST(Redact, ShortValueKeepsNothing) { EXPECT_EQ(redact("hunter2"), "*******"); }

TEST(Redact, LongValuesShowAtMostThirtyTwoStars) {
  EXPECT_EQ(redact(std::string(500, 'k')), "kkkk" + std::string(32, '*') + "kkkk");
}

TEST(Redact, NeverShowsMoreThanFortyPercent) {
  for (size_t n = 1; n < 80; ++n) {
    const std::string secret(n, 'x');
    const std::string out = redact(secret);
    EXPECT_EQ(out.size(), std::min<size_t>(n, n >= 20 ? 40 : n));
    EXPECT_LE(static_cast<size_t>(std::count(out.begin(), out.end(), 'x')) * 5, n * 2) << n;
  }
}

}  // namespace
}  // namespace agentops
