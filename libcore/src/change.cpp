// Change bookkeeping and the packed storage of added lines.
#include <algorithm>

#include "agentops/change.h"

namespace agentops {

void AddedLines::add(std::uint32_t number, std::string_view text) {
  starts_.push_back(static_cast<std::uint32_t>(text_.size()));
  numbers_.push_back(number);
  text_.append(text);
  text_ += '\n';
}

void AddedLines::add_carried(std::uint32_t number, std::string_view text) {
  carried_.push_back(static_cast<std::uint32_t>(numbers_.size()));
  add(number, text);
}

void AddedLines::clear() {
  text_.clear();
  starts_.clear();
  numbers_.clear();
  carried_.clear();
}

bool AddedLines::is_carried(size_t i) const {
  return !carried_.empty() && std::binary_search(carried_.begin(), carried_.end(), static_cast<std::uint32_t>(i));
}

size_t AddedLines::end_of(size_t i) const {
  return (i + 1 < starts_.size() ? starts_[i + 1] : text_.size()) - 1;
}

std::string_view AddedLines::line(size_t i) const {
  return std::string_view(text_).substr(starts_[i], end_of(i) - starts_[i]);
}

size_t AddedLines::index_at(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<std::uint32_t>(offset));
  return static_cast<size_t>(it - starts_.begin()) - 1;
}

std::uint64_t Change::lines_changed() const {
  std::uint64_t lines = 0;
  for (const auto& file : files) lines += file.added_lines + file.removed_lines;
  return lines;
}

const char* to_string(FileStatus status) {
  switch (status) {
    case FileStatus::added: return "added";
    case FileStatus::modified: return "modified";
    case FileStatus::deleted: return "deleted";
    case FileStatus::renamed: return "renamed";
    case FileStatus::copied: return "copied";
    case FileStatus::type_changed: return "type-changed";
  }
  return "modified";
}

}  // namespace agentops
