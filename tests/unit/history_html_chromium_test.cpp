// The dashboard as a person sees it: rendered by headless Chromium (Debian's
// `chromium` package), screenshot decoded, the compliance line's colour found
// in the chart area. CI installs chromium (scripts/deps.sh --tests); without
// it this test fails unless AGENTOPS_ALLOW_MISSING_CHROMIUM is set.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "agentops/history_report.h"
#include "git_sandbox.h"
#include "history_report_samples.h"
#include "png_image.h"

namespace agentops {
namespace {

namespace fs = std::filesystem;
using testing::PngImage;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "agentops-chromium-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

std::string chromium_path() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (access(candidate, X_OK) == 0) return candidate;
  return "";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool near(std::uint8_t value, std::uint8_t target) { return value + 3 >= target && value <= target + 3; }

// Renders `page` and returns the decoded screenshot (or fails the test).
std::optional<PngImage> screenshot(const std::string& chromium, const std::string& page, const TempDir& dir) {
  const fs::path page_path = dir.path / "report.html";
  std::ofstream(page_path, std::ios::binary) << page;
  fs::create_directories(dir.path / "home");
  const fs::path shot = dir.path / "shot.png";
  const std::string command = "HOME=" + testing::quote((dir.path / "home").string()) + " timeout 180 " +
                              testing::quote(chromium) +
                              " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars"
                              " --user-data-dir=" + testing::quote((dir.path / "profile").string()) +
                              " --screenshot=" + testing::quote(shot.string()) +
                              " --window-size=1280,2000 --virtual-time-budget=2000 " +
                              testing::quote("file://" + page_path.string());
  const testing::CommandResult result = testing::run_command(command, dir.path.string());
  EXPECT_EQ(result.exit_code, 0) << result.err.substr(0, 4000);
  std::string error;
  auto image = testing::decode_png(read_file(shot), error);
  EXPECT_TRUE(image.has_value()) << error;
  if (image) {
    if (const char* keep = std::getenv("AGENTOPS_SAVE_DASHBOARD_SHOT")) fs::copy_file(shot, keep, fs::copy_options::overwrite_existing);
  }
  return image;
}

TEST(HistoryHtmlChromium, ScreenshotShowsTheComplianceLine) {
  const std::string chromium = chromium_path();
  if (chromium.empty()) {
    if (std::getenv("AGENTOPS_ALLOW_MISSING_CHROMIUM") != nullptr) GTEST_SKIP() << "chromium is not installed";
    FAIL() << "headless Chromium is needed: install Debian's `chromium` package "
              "(scripts/deps.sh --tests), or set AGENTOPS_ALLOW_MISSING_CHROMIUM=1 to skip";
  }
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  const auto image = screenshot(chromium, format_history_html(testing::sample_report()), dir);
  ASSERT_TRUE(image.has_value());
  ASSERT_EQ(image->width, 1280u);
  ASSERT_EQ(image->height, 2000u);

  // #d6336c, the line's colour, and where its pixels lie.
  std::uint32_t line_pixels = 0, left = image->width, right = 0, top = image->height, bottom = 0;
  std::uint32_t painted = 0;
  std::set<std::uint32_t> colours;
  for (std::uint32_t y = 0; y < image->height; ++y) {
    for (std::uint32_t x = 0; x < image->width; ++x) {
      const auto pixel = image->at(x, y);
      if (pixel.r < 250 || pixel.g < 250 || pixel.b < 250) ++painted;
      if (colours.size() < 64) colours.insert(static_cast<std::uint32_t>(pixel.r << 16 | pixel.g << 8 | pixel.b));
      if (near(pixel.r, 0xd6) && near(pixel.g, 0x33) && near(pixel.b, 0x6c)) {
        ++line_pixels;
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
    }
  }
  // Not blank: text, tiles and charts paint a fair part of the page in many colours.
  EXPECT_GT(painted, image->width * image->height / 50);
  EXPECT_GE(colours.size(), 16u);
  // The line: hundreds of pixels, running across most of the chart's width,
  // climbing over some height, and all of it below the header and tiles.
  EXPECT_GT(line_pixels, 1000u);
  EXPECT_GT(right - std::min(right, left), 700u) << "line spans x " << left << ".." << right;
  EXPECT_GT(bottom - std::min(bottom, top), 80u) << "line spans y " << top << ".." << bottom;
  EXPECT_GT(top, 200u);
  EXPECT_LT(bottom, 900u);
}

TEST(HistoryHtmlChromium, EmptyReportRendersWithoutALine) {
  const std::string chromium = chromium_path();
  if (chromium.empty()) {
    if (std::getenv("AGENTOPS_ALLOW_MISSING_CHROMIUM") != nullptr) GTEST_SKIP() << "chromium is not installed";
    FAIL() << "headless Chromium is needed: install Debian's `chromium` package";
  }
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  HistoryReport report;
  report.range = "main..main";
  const auto image = screenshot(chromium, format_history_html(report), dir);
  ASSERT_TRUE(image.has_value());
  std::uint32_t line_pixels = 0;
  for (std::uint32_t y = 0; y < image->height; ++y)
    for (std::uint32_t x = 0; x < image->width; ++x) {
      const auto pixel = image->at(x, y);
      if (near(pixel.r, 0xd6) && near(pixel.g, 0x33) && near(pixel.b, 0x6c)) ++line_pixels;
    }
  EXPECT_EQ(line_pixels, 0u);
}

}  // namespace
}  // namespace agentops
