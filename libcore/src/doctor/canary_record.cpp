// The hooks' side of doctor's canary (see canary.cpp): note that this
// executable started, then carry on with the normal checks.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "agentops/doctor.h"

namespace agentops {
namespace fs = std::filesystem;

void record_canary(const char* executable_name) {
  const char* record = std::getenv(kCanaryVariable);
  if (!record || !*record || fs::path(record).filename() != kCanaryRecordName) return;
  // Only an existing regular file (doctor creates it): the variable cannot be
  // used to create files elsewhere.
  struct stat info {};
  if (::lstat(record, &info) != 0 || !S_ISREG(info.st_mode)) return;
  std::ofstream out(record, std::ios::app);
  out << executable_name << "\n";
}

}  // namespace agentops
