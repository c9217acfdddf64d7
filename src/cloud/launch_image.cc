#include "cloud/launch_image.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace spotrun {
namespace {

// The release of "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240927" as
// 2404 when it is an LTS (an even year's April release), else nullopt.
std::optional<int> LtsRelease(std::string_view name) {
  if (!name.starts_with("ubuntu/images/") || name.find("-server-") == std::string_view::npos) {
    return std::nullopt;
  }
  size_t dot = name.find(".04-");
  if (dot == std::string_view::npos || dot < 2) return std::nullopt;
  int year = 0;
  const char* begin = name.data() + dot - 2;
  auto [end, ec] = std::from_chars(begin, begin + 2, year);
  if (ec != std::errc() || end != begin + 2 || year % 2 != 0) return std::nullopt;
  return year * 100 + 4;
}

Result<Image> NewestUbuntuLts(Ec2Api& ec2, std::string_view architecture) {
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<Image> images,
      ec2.DescribeImages({.owners = {std::string(kCanonicalOwner)},
                          .filters = {{"name", {"ubuntu/images/*-server-*"}},
                                      {"architecture", {std::string(architecture)}},
                                      {"state", {"available"}}}}));
  const Image* best = nullptr;
  std::optional<int> best_release;
  for (const Image& image : images) {
    std::optional<int> release = LtsRelease(image.name);
    if (!release) continue;
    if (best == nullptr || *release > *best_release ||
        (*release == *best_release && image.creation_date > best->creation_date)) {
      best = &image;
      best_release = release;
    }
  }
  if (best == nullptr) {
    return Status::NotFound(
        fmt::format("found no Ubuntu LTS image for {} in this region", architecture),
        "pass --image with an image id or one of your images (`spotrun images`)");
  }
  return *best;
}

Result<Image> ImageById(Ec2Api& ec2, std::string_view id) {
  Result<std::vector<Image>> images = ec2.DescribeImages({.image_ids = {std::string(id)}});
  if (!images.ok() && !images.status().code().starts_with("InvalidAMIID")) return images.status();
  if (!images.ok() || images->empty()) {
    return Status::NotFound(
        fmt::format("no image {} in this region", id),
        "`spotrun images` lists yours; `--image ubuntu` is the newest Ubuntu LTS");
  }
  return images->front();
}

Result<Image> OwnImageByName(Ec2Api& ec2, std::string_view name) {
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<Image> images,
      ec2.DescribeImages({.owners = {"self"}, .filters = {{"name", {std::string(name)}}}}));
  if (images.empty()) {
    return Status::NotFound(fmt::format("you have no image named \"{}\"", name),
                            "`spotrun images` lists yours; `--image ubuntu` is the newest Ubuntu "
                            "LTS, or pass an ami-… id");
  }
  return *std::max_element(images.begin(), images.end(), [](const Image& a, const Image& b) {
    return a.creation_date < b.creation_date;
  });
}

}  // namespace

Result<Image> ChooseLaunchImage(Ec2Api& ec2, std::string_view what, std::string_view architecture) {
  if (what.empty() || what == "ubuntu") return NewestUbuntuLts(ec2, architecture);
  if (what.starts_with("ami-")) return ImageById(ec2, what);
  return OwnImageByName(ec2, what);
}

}  // namespace spotrun
