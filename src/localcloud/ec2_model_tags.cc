// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Status Ec2Model::CreateTags(const CreateTagsRequest&) { return NotYet(); }
Status Ec2Model::DeleteTags(const DeleteTagsRequest&) { return NotYet(); }
Result<DescribeTagsResponse> Ec2Model::DescribeTags(const DescribeTagsRequest&) { return NotYet(); }
std::vector<Tag>* Ec2Model::MutableTagsLocked(std::string_view) { return nullptr; }

}  // namespace spotrun
