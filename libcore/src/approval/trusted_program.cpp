#include "approval/trusted_program.h"

#include <cstdlib>

#include "process/child_process.h"

namespace agentops::approval {

std::string find_trusted_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  const std::string directories = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= directories.size()) {
    size_t end = directories.find(':', start);
    if (end == std::string::npos) end = directories.size();
    const std::string directory = directories.substr(start, end - start);
    start = end + 1;
    if (directory.empty() || directory.front() != '/') continue;
    // find_on_path of a name with a '/' only checks that it is an executable file.
    const std::string found = process::find_on_path(directory + "/" + name);
    if (!found.empty()) return found;
  }
  return "";
}

}  // namespace agentops::approval
