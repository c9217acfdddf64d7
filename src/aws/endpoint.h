// Region and endpoint resolution in the order the AWS SDKs use, plus spotrun's own profile
// settings as one more layer: flag → environment → spotrun profile → AWS profile → default.
// Pure functions of their inputs.
#ifndef SPOTRUN_AWS_ENDPOINT_H_
#define SPOTRUN_AWS_ENDPOINT_H_

#include <optional>
#include <string>
#include <string_view>

#include "aws/shared_config.h"
#include "base/environment.h"

namespace spotrun {

enum class AwsService { kEc2, kS3, kElbv2 };

std::string_view ServiceSigningName(AwsService service);  // "ec2", "s3", "elasticloadbalancing"
// The AWS_ENDPOINT_URL_<SERVICE> variable of a service, e.g. "AWS_ENDPOINT_URL_EC2".
std::string_view ServiceEndpointVariable(AwsService service);

// --region, AWS_REGION, AWS_DEFAULT_REGION, spotrun profile, AWS profile `region`.
// Empty value when none is set (the caller may then ask IMDS or fail with a hint).
Setting ResolveRegion(std::string_view flag, const Environment& env, const AwsSharedConfig& aws,
                      std::string_view profile, const std::optional<Setting>& spotrun_value);

// --endpoint, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, spotrun profile `endpoint`,
// AWS profile `endpoint_url`, then AWS's default endpoint for `region`.
Setting ResolveEndpoint(AwsService service, std::string_view flag, const Environment& env,
                        const AwsSharedConfig& aws, std::string_view profile,
                        const std::optional<Setting>& spotrun_value, std::string_view region);

// AWS's public endpoint of a service in a region: https://ec2.us-east-1.amazonaws.com,
// with the .amazonaws.com.cn suffix in the China regions.
std::string DefaultEndpoint(AwsService service, std::string_view region);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_ENDPOINT_H_
