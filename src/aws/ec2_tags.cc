// Ec2Client: CreateTags, DeleteTags and DescribeTags.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

TagDescription ParseTagDescription(pugi::xml_node item) {
  TagDescription t;
  t.resource_id = ChildText(item, "resourceId");
  t.resource_type = ChildText(item, "resourceType");
  t.key = ChildText(item, "key");
  t.value = ChildText(item, "value");
  return t;
}

}  // namespace

Status Ec2Client::CreateTags(const CreateTagsRequest& request) {
  QueryParams params;
  params.SetList("ResourceId", request.resource_ids);
  AddTags(params, "Tag", request.tags);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CreateTags", params);
}

Status Ec2Client::DeleteTags(const DeleteTagsRequest& request) {
  QueryParams params;
  params.SetList("ResourceId", request.resource_ids);
  // Keys alone delete whatever the value; Key+Value only where the value matches.
  size_t n = 0;
  for (const std::string& key : request.keys) {
    params.Set("Tag." + std::to_string(++n) + ".Key", key);
  }
  for (const Tag& tag : request.tags) {
    std::string item = "Tag." + std::to_string(++n);
    params.Set(item + ".Key", tag.key);
    params.Set(item + ".Value", tag.value);
  }
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DeleteTags", params);
}

Result<DescribeTagsResponse> Ec2Client::DescribeTags(const DescribeTagsRequest& request) {
  QueryParams params;
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeTags", params, [](pugi::xml_node root) {
    return DescribeTagsResponse{ParseItems(root.child("tagSet"), ParseTagDescription),
                                NextToken(root)};
  });
}

Result<std::vector<TagDescription>> Ec2Client::DescribeTagsAll(const DescribeTagsRequest& request) {
  return CollectAllPages(
      "DescribeTags", request, options_.max_pages,
      [this](const DescribeTagsRequest& r) { return DescribeTags(r); },
      &DescribeTagsResponse::tags);
}

}  // namespace spotrun
