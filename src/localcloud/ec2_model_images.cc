// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<std::vector<Image>> Ec2Model::DescribeImages(const DescribeImagesRequest&) {
  return NotYet();
}
Result<std::string> Ec2Model::CreateImage(const CreateImageRequest&) { return NotYet(); }
Status Ec2Model::DeregisterImage(const DeregisterImageRequest&) { return NotYet(); }

}  // namespace spotrun
