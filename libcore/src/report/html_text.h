// Report text (a commit subject, a path, a rule name) made safe for the HTML
// dashboard: every character that could open markup, an attribute, an entity
// or a URL becomes a numeric character reference, so no subject can ever form
// a tag, a `javascript:` link, a CSS `url(` or an `@import`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace agentops::detail {

// Appends `text` to `out` for use in element content or a quoted attribute:
// & < > " ' / : ( @ = ` become &#NN; references; control characters (newlines
// included) become a space; invalid UTF-8 and the bidirectional overrides
// (U+202A..202E, U+2066..2069) become U+FFFD.
void append_html_text(std::string& out, std::string_view text);
std::string html_text(std::string_view text);

// `text` cut to at most `max_characters` code points (an invalid byte counts
// as one), with "…" appended when cut; never splits a UTF-8 sequence.
std::string shorten_text(std::string_view text, size_t max_characters);

}  // namespace agentops::detail
