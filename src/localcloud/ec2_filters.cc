#include "localcloud/ec2_filters.h"

#include <algorithm>
#include <string>

#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

bool IsTagFilter(std::string_view name) {
  return name.starts_with("tag:") || name == "tag-key" || name == "tag-value";
}

bool AnyMatches(const std::vector<std::string>& patterns, const std::vector<std::string>& values) {
  for (const std::string& pattern : patterns) {
    for (const std::string& value : values) {
      if (MatchesWildcard(pattern, value)) return true;
    }
  }
  return false;
}

std::vector<std::string> TagValues(std::string_view name, const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const Tag& tag : tags) {
    if (name == "tag-key") {
      out.push_back(tag.key);
    } else if (name == "tag-value") {
      out.push_back(tag.value);
    } else if (tag.key == name.substr(4)) {
      out.push_back(tag.value);
    }
  }
  return out;
}

}  // namespace

Status ValidateFilters(const std::vector<Filter>& filters,
                       std::initializer_list<std::string_view> supported) {
  for (const Filter& filter : filters) {
    const bool known = IsTagFilter(filter.name) || std::find(supported.begin(), supported.end(),
                                                             filter.name) != supported.end();
    if (!known) {
      return Ec2Error("InvalidParameterValue", "The filter '" + filter.name + "' is invalid");
    }
    if (filter.values.empty()) {
      return Ec2Error("InvalidParameterValue",
                      "The filter '" + filter.name + "' requires at least one value");
    }
  }
  return Status::Ok();
}

bool MatchesFilters(const std::vector<Filter>& filters, const std::vector<Tag>& tags,
                    const FilterValues& values) {
  for (const Filter& filter : filters) {
    const std::vector<std::string> have =
        IsTagFilter(filter.name) ? TagValues(filter.name, tags) : values(filter.name);
    if (!AnyMatches(filter.values, have)) return false;
  }
  return true;
}

bool MatchesWildcard(std::string_view pattern, std::string_view text) {
  // Iterative glob with backtracking to the last '*': linear in practice, no recursion.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '\\' && p + 1 < pattern.size() &&
        pattern[p + 1] == text[t]) {
      p += 2;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t]) &&
               pattern[p] != '\\') {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool Selected(const std::vector<std::string>& want, std::string_view value) {
  return want.empty() || std::find(want.begin(), want.end(), value) != want.end();
}

}  // namespace spotrun
