#include "cloud/image_resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "cloud/resource_finder.h"

namespace spotrun {
namespace {

constexpr std::string_view kUbuntuPrefix = "ubuntu/images/";

// "24.04" → {24, 4}; nullopt unless two numbers around one dot.
std::optional<std::pair<int, int>> ParseVersion(std::string_view v) {
  size_t dot = v.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  int major = 0, minor = 0;
  auto [p1, e1] = std::from_chars(v.data(), v.data() + dot, major);
  auto [p2, e2] = std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor);
  if (e1 != std::errc() || p1 != v.data() + dot || e2 != std::errc() || p2 != v.data() + v.size()) {
    return std::nullopt;
  }
  return std::make_pair(major, minor);
}

}  // namespace

std::optional<std::string> UbuntuServerVersion(std::string_view image_name) {
  if (!image_name.starts_with(kUbuntuPrefix)) return std::nullopt;
  size_t slash = image_name.rfind('/');
  std::string_view base = image_name.substr(slash + 1);  // ubuntu-noble-24.04-amd64-server-…
  if (!base.starts_with("ubuntu-") || base.find("-server-") == std::string_view::npos) {
    return std::nullopt;
  }
  // The version is the dash-separated field holding a dot.
  size_t start = 0;
  while (start < base.size()) {
    size_t end = base.find('-', start);
    if (end == std::string_view::npos) end = base.size();
    std::string_view field = base.substr(start, end - start);
    if (ParseVersion(field)) return std::string(field);
    start = end + 1;
  }
  return std::nullopt;
}

bool IsLtsVersion(std::string_view version) {
  std::optional<std::pair<int, int>> v = ParseVersion(version);
  return v && v->first % 2 == 0 && v->second == 4;
}

Result<Image> NewestUbuntuLts(Ec2Api& ec2, std::string_view architecture) {
  DescribeImagesRequest request;
  request.owners = {std::string(kCanonicalOwnerId)};
  request.filters = {{"name", {"ubuntu/images/*-server-*"}},
                     {"architecture", {std::string(architecture)}},
                     {"state", {"available"}}};
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Image> images, ec2.DescribeImages(request));
  const Image* best = nullptr;
  std::pair<int, int> best_version{};
  for (const Image& image : images) {
    std::optional<std::string> version = UbuntuServerVersion(image.name);
    if (!version || !IsLtsVersion(*version)) continue;
    std::pair<int, int> v = *ParseVersion(*version);
    TimePoint created = image.creation_date.value_or(TimePoint{});
    if (best == nullptr || v > best_version ||
        (v == best_version && created > best->creation_date.value_or(TimePoint{}))) {
      best = &image;
      best_version = v;
    }
  }
  if (best == nullptr) {
    return Status::NotFound(
        fmt::format("no Ubuntu LTS image from Canonical for {} in this region", architecture),
        "name an image with --image (an id or one of `spotrun images`)");
  }
  return *best;
}

Result<Image> ResolveImage(Ec2Api& ec2, std::string_view what, std::string_view architecture) {
  if (what.empty() || what == "ubuntu") {
    return NewestUbuntuLts(ec2, architecture.empty() ? "x86_64" : architecture);
  }
  SPOTRUN_ASSIGN_OR_RETURN(Image image, FindImage(ec2, what));
  if (!architecture.empty() && image.architecture != architecture) {
    return Status::FailedPrecondition(
        fmt::format("image {} ({}) is for {}, not {}", ImageLabel(image), image.image_id,
                    image.architecture, architecture),
        fmt::format("choose an instance type for {} (e.g. {}), or another image",
                    image.architecture, image.architecture == "arm64" ? "t4g.micro" : "t3.micro"));
  }
  return image;
}

}  // namespace spotrun
