#include "base/ini_file.h"

#include <fmt/format.h>

#include "base/file.h"

namespace spotrun {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Result<IniFile> IniFile::Parse(std::string_view text, std::string_view origin) {
  IniFile ini;
  std::string section;
  std::string parent_key;  // the key an indented sub-property belongs to
  int line_no = 0;
  bool in_section = false;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        return Status::InvalidArgument(
            fmt::format("{}:{}: section header '{}' has no closing ']'", origin, line_no, line),
            "write sections as [name] or [profile name]");
      }
      section = std::string(Trim(line.substr(1, line.size() - 2)));
      if (!ini.sections_.count(section)) ini.order_.push_back(section);
      ini.sections_[section];
      in_section = true;
      parent_key.clear();
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || !in_section) {
      // The line is not quoted: in ~/.aws/credentials it may hold a secret key.
      return Status::InvalidArgument(
          fmt::format("{}:{}: expected 'key = value' inside a [section]", origin, line_no),
          "fix or remove that line");
    }
    std::string key(Trim(line.substr(0, eq)));
    std::string value(Trim(line.substr(eq + 1)));
    if (indented && !parent_key.empty()) {
      ini.sections_[section][parent_key + "." + key] = value;
      continue;
    }
    parent_key = value.empty() ? key : "";
    ini.sections_[section][key] = value;
  }
  return ini;
}

Result<IniFile> IniFile::Load(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    if (text.status().kind() == ErrorKind::kNotFound) return IniFile();
    return text.status();
  }
  return Parse(*text, path);
}

bool IniFile::HasSection(std::string_view section) const { return Find(section) != nullptr; }

const IniFile::Section* IniFile::Find(std::string_view section) const {
  auto it = sections_.find(section);
  return it == sections_.end() ? nullptr : &it->second;
}

std::optional<std::string> IniFile::Get(std::string_view section, std::string_view key) const {
  const Section* s = Find(section);
  if (!s) return std::nullopt;
  auto it = s->find(std::string(key));
  if (it == s->end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> IniFile::SectionNames() const { return order_; }

void IniFile::Set(std::string_view section, std::string_view key, std::string_view value) {
  std::string name(section);
  if (!sections_.count(name)) order_.push_back(name);
  sections_[name][std::string(key)] = std::string(value);
}

std::string IniFile::Serialize() const {
  std::string out;
  for (const std::string& name : order_) {
    if (!out.empty()) out += '\n';
    out += fmt::format("[{}]\n", name);
    for (const auto& [k, v] : sections_.at(name)) out += fmt::format("{} = {}\n", k, v);
  }
  return out;
}

}  // namespace spotrun
