#include "localcloud/proc_table.h"

#include <dirent.h>
#include <unistd.h>

#include <charconv>
#include <map>
#include <string>

#include "base/file.h"

namespace spotrun {
namespace {

bool ParsePid(std::string_view text, pid_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out > 0;
}

// /proc/PID/stat is "pid (comm) state ppid …"; comm may hold spaces and parentheses, so
// parse from the last ')'.
bool ReadStat(pid_t pid, ProcEntry* entry) {
  Result<std::string> stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (!stat.ok()) return false;
  std::string_view text = *stat;
  size_t close = text.rfind(')');
  if (close == std::string_view::npos || close + 4 > text.size()) return false;
  text.remove_prefix(close + 2);
  entry->pid = pid;
  entry->state = text.front();
  text.remove_prefix(2);
  std::string_view ppid = text.substr(0, text.find(' '));
  auto [end, ec] = std::from_chars(ppid.data(), ppid.data() + ppid.size(), entry->ppid);
  return ec == std::errc() && end == ppid.data() + ppid.size();
}

}  // namespace

std::vector<ProcEntry> ReadProcTable() {
  std::vector<ProcEntry> table;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return table;
  while (dirent* d = ::readdir(dir)) {
    pid_t pid = 0;
    ProcEntry entry;
    if (ParsePid(d->d_name, &pid) && ReadStat(pid, &entry)) table.push_back(entry);
  }
  ::closedir(dir);
  return table;
}

std::vector<pid_t> DescendantsOf(const std::vector<ProcEntry>& table, pid_t root) {
  std::multimap<pid_t, pid_t> children;
  for (const ProcEntry& e : table) children.emplace(e.ppid, e.pid);
  std::vector<pid_t> out;
  std::vector<pid_t> frontier = {root};
  while (!frontier.empty()) {
    pid_t parent = frontier.back();
    frontier.pop_back();
    auto [begin, end] = children.equal_range(parent);
    for (auto it = begin; it != end; ++it) {
      if (it->second == root) continue;
      out.push_back(it->second);
      frontier.push_back(it->second);
    }
  }
  return out;
}

std::vector<pid_t> ProcessesWithEnvironment(const std::vector<ProcEntry>& table,
                                            std::string_view variable) {
  std::vector<pid_t> out;
  const pid_t self = ::getpid();
  for (const ProcEntry& e : table) {
    if (e.pid == self || e.state == 'Z') continue;
    Result<std::string> environ = ReadFile("/proc/" + std::to_string(e.pid) + "/environ");
    if (!environ.ok()) continue;
    std::string_view rest = *environ;
    while (!rest.empty()) {
      size_t nul = rest.find('\0');
      if (rest.substr(0, nul) == variable) {
        out.push_back(e.pid);
        break;
      }
      if (nul == std::string_view::npos) break;
      rest.remove_prefix(nul + 1);
    }
  }
  return out;
}

bool ProcessAlive(pid_t pid) {
  ProcEntry entry;
  return ReadStat(pid, &entry) && entry.state != 'Z' && entry.state != 'X';
}

}  // namespace spotrun
