// git's own handling of commit message text, step by step (git 2.39:
// strbuf.c, wt-status.c, commit.c, builtin/commit.c, config.c), for the
// message functions of agentops/message.h and the commit-msg check.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agentops {

// The bytes git stores for a cleaned `message` under i18n.commitEncoding =
// `commit_encoding` (empty: unset): with UTF-8, bytes that are not UTF-8 are
// read as Latin-1 and stored as UTF-8 (commit.c verify_utf8); other encodings
// are stored as they are.
std::string as_git_stores(std::string_view message, std::string_view commit_encoding);

// strbuf_stripspace: trailing whitespace and surplus blank lines go, and with
// `skip_comments` the lines starting with `comment_char`.
std::string strip_space(std::string_view text, bool skip_comments, char comment_char);

// Where git's scissors line "<c> ------------------------ >8 ------------------------"
// starts in `text` (it must be that whole line), or text.size().
size_t scissors_offset(std::string_view text, char comment_char);

// Where the message proper ends for git's trailer reader (commit.c
// ignore_non_trailer): before its trailing run of comment lines, blank lines
// and old-style "Conflicts:" blocks, and before the scissors line.
size_t message_end(std::string_view text, char comment_char);

// The comment characters `git commit` may be using for the message file `raw`
// under core.commentChar = `configured`. One, except for "auto" when git's own
// template does not name it unambiguously: then every candidate that matters.
std::vector<char> comment_chars_for(std::string_view configured, std::string_view raw);
// builtin/commit.c adjust_comment_line_char: what "auto" picks for a message
// that starts as `initial`.
char auto_comment_char(std::string_view initial);
// The comment character git's trailer reader (interpret-trailers, log
// %(trailers)) uses: core.commentChar, or '#' when unset or "auto".
char reader_comment_char(std::string_view configured);

}  // namespace agentops
