// Reading all of git's stdin (the ref updates) in the hook executables.
#pragma once

#include <cstdio>
#include <string>

inline std::string read_stdin() {
  std::string text;
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) text.append(buffer, read);
  return text;
}
