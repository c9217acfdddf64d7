// CheckpointManifest's JSON (declared in checkpoint_store.h): what a complete checkpoint
// holds. Parsing refuses any path that could land outside the checkpoint dir.
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "agent/checkpoint_store.h"

namespace spotrun {
namespace {

using nlohmann::json;

Status Invalid(std::string_view why) {
  return Status::FailedPrecondition("checkpoint manifest: " + std::string(why),
                                    "the checkpoint is damaged; an older one will be used");
}

// "a/b.bin" yes; "", "/a", "a//b", "./a", "a/../b" no.
bool IsSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return path.find('\0') == std::string_view::npos;
}

bool IsSha256Hex(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Each path is unique and none lies under another entry: a file "a" and a file "a/b" cannot
// both be restored, and a symlink "a" with a file "a/b" would write through the link.
Status CheckNoPathUnderAnother(const std::vector<CheckpointFile>& files) {
  std::set<std::string_view> paths;
  for (const CheckpointFile& file : files) {
    if (!paths.insert(file.path).second) return Invalid("duplicate path '" + file.path + "'");
  }
  for (const CheckpointFile& file : files) {
    std::string_view path = file.path;
    for (size_t slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
      if (paths.contains(path.substr(0, slash))) {
        return Invalid("'" + file.path + "' lies under another entry");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

int64_t CheckpointManifest::TotalBytes() const {
  int64_t total = 0;
  for (const CheckpointFile& file : files) total += file.size;
  return total;
}

std::string CheckpointManifestToJson(const CheckpointManifest& manifest) {
  json files = json::array();
  for (const CheckpointFile& file : manifest.files) {
    if (file.symlink.empty()) {
      files.push_back({{"path", file.path}, {"size", file.size}, {"sha256", file.sha256}});
    } else {
      files.push_back({{"path", file.path}, {"symlink", file.symlink}});
    }
  }
  json doc = {{"seq", manifest.seq},
              {"attempt", manifest.attempt},
              {"created", FormatIso8601(manifest.created, /*millis=*/true)},
              {"files", std::move(files)}};
  // Upload refuses names that are not UTF-8, so `replace` never changes a path here.
  return doc.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<CheckpointManifest> CheckpointManifestFromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Invalid("not a JSON object");
  CheckpointManifest manifest;
  try {
    manifest.seq = doc.at("seq").get<int64_t>();
    manifest.attempt = doc.at("attempt").get<int>();
    if (!ParseIso8601(doc.at("created").get_ref<const std::string&>(), &manifest.created)) {
      return Invalid("created is not ISO 8601");
    }
    for (const json& entry : doc.at("files")) {
      CheckpointFile file;
      file.path = entry.at("path").get<std::string>();
      if (!IsSafeRelativePath(file.path)) return Invalid("unsafe path '" + file.path + "'");
      if (entry.contains("symlink")) {
        file.symlink = entry["symlink"].get<std::string>();
        if (file.symlink.empty()) return Invalid("empty symlink target for " + file.path);
      } else {
        file.size = entry.at("size").get<int64_t>();
        file.sha256 = entry.at("sha256").get<std::string>();
        if (file.size < 0 || !IsSha256Hex(file.sha256)) {
          return Invalid("bad size or sha256 for " + file.path);
        }
      }
      manifest.files.push_back(std::move(file));
    }
  } catch (const json::exception& e) {
    return Invalid(e.what());
  }
  if (manifest.seq < 1) return Invalid("seq counts from 1");
  SPOTRUN_RETURN_IF_ERROR(CheckNoPathUnderAnother(manifest.files));
  return manifest;
}

}  // namespace spotrun
