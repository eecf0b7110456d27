// The text of binary content: what rules read and what the line limits count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "git/binary_text.h"
#include "test_bytes.h"

namespace agentops::detail {
namespace {

using agentops::testing::noise;
using agentops::testing::wide;

bool has_line(const BinaryText& text, std::string_view wanted) {
  for (size_t i = 0; i < text.lines().size(); ++i)
    if (text.line_text(i).find(wanted) != std::string_view::npos) return true;
  return false;
}

size_t counted(const BinaryText& text) {
  return static_cast<size_t>(std::count_if(text.lines().begin(), text.lines().end(),
                                           [](const BinaryText::Line& line) { return line.counted; }));
}

TEST(IsBinary, ANulInTheFirst8000BytesDecides) {
  EXPECT_FALSE(is_binary("plain text\n"));
  EXPECT_TRUE(is_binary(std::string("a\0b", 3)));
  EXPECT_FALSE(is_binary(std::string(8000, 'x') + std::string("\0", 1))) << "git looks at 8000 bytes only";
}

TEST(BinaryText, TextWithAStrayNulKeepsItsLinesAndTheirNumbers) {
  BinaryText text;
  text.extract(std::string("int a;\0\nconsole.log(a);\n\nreturn 0;\n", 35));
  EXPECT_EQ(counted(text), 4u) << "every line of a text file counts, empty ones too";
  ASSERT_GE(text.lines().size(), 2u);
  EXPECT_EQ(text.line_text(1), "console.log(a);");
  EXPECT_EQ(text.lines()[1].number, 2u);
}

TEST(BinaryText, Utf16AndUtf32AreDecodedAtAnyOffsetInEitherByteOrder) {
  const std::string secret = "token = AKIAQYLPMN5HHHFPZAM2";
  for (size_t width : {2u, 4u}) {
    for (bool big_endian : {false, true}) {
      for (size_t offset : {1000u, 1001u, 1003u}) {
        SCOPED_TRACE(::testing::Message() << width << (big_endian ? " BE " : " LE ") << offset);
        BinaryText text;
        text.extract(noise(offset, 3) + wide(secret, width, big_endian) + noise(500, 4));
        EXPECT_TRUE(has_line(text, secret));
      }
    }
  }
}

TEST(BinaryText, ABomDoesNotHideTheText) {
  BinaryText little, big;
  little.extract("\xFF\xFE" + wide("key = abc\r\nnext line\r\n", 2, false));
  big.extract("\xFE\xFF" + wide("key = abc\r\nnext line\r\n", 2, true));
  for (const BinaryText* text : {&little, &big}) {
    EXPECT_TRUE(has_line(*text, "key = abc"));
    EXPECT_TRUE(has_line(*text, "next line"));
    EXPECT_EQ(counted(*text), 2u);
  }
}

TEST(BinaryText, WideLinesAreNumberedLikeTheFile) {
  BinaryText text;
  text.extract(wide("one\ntwo\nthree\n", 2, false));
  ASSERT_EQ(text.lines().size(), 3u);
  EXPECT_EQ(text.lines()[2].number, 3u);
  EXPECT_EQ(text.line_text(2), "three");
}

TEST(BinaryText, PrintableRunsOfBinaryDataAreScannedButDoNotCount) {
  BinaryText text;
  text.extract(noise(4000, 5) + "password=hunter2hunter2" + noise(4000, 6));
  EXPECT_TRUE(has_line(text, "password=hunter2hunter2"));
  EXPECT_LE(counted(text), 2u);
}

TEST(BinaryText, ARealImageCountsAlmostNoLines) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + noise(2000000, 7);
  BinaryText text;
  text.extract(png);
  EXPECT_LE(counted(text), 5u) << "random data must not make a 2 MB image count thousands of lines";
}

TEST(BinaryText, StringsInsideAnExecutableDoNotCountButAreRead) {
  std::string binary = noise(3000, 8);
  const std::string nul(1, '\0');
  for (int i = 0; i < 50; ++i)
    binary += nul + "message number " + std::to_string(i) + nul + nul +
              wide("wide message " + std::to_string(i), 2, false) + nul + nul;
  binary += noise(3000, 9);
  BinaryText text;
  text.extract(binary);
  EXPECT_TRUE(has_line(text, "message number 49"));
  EXPECT_TRUE(has_line(text, "wide message 49"));
  EXPECT_LE(counted(text), 2u);
}

}  // namespace
}  // namespace agentops::detail
