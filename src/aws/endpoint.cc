#include "aws/endpoint.h"

namespace spotrun {

std::string_view ServiceSigningName(AwsService service) {
  switch (service) {
    case AwsService::kEc2:
      return "ec2";
    case AwsService::kS3:
      return "s3";
    case AwsService::kElbv2:
      return "elasticloadbalancing";
  }
  return "";
}

std::string_view ServiceEndpointVariable(AwsService service) {
  switch (service) {
    case AwsService::kEc2:
      return "AWS_ENDPOINT_URL_EC2";
    case AwsService::kS3:
      return "AWS_ENDPOINT_URL_S3";
    case AwsService::kElbv2:
      return "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2";
  }
  return "";
}

Setting ResolveRegion(std::string_view flag, const Environment& env, const AwsSharedConfig& aws,
                      std::string_view profile, const std::optional<Setting>& spotrun_value) {
  if (!flag.empty()) return {std::string(flag), "--region"};
  if (auto v = env.Get("AWS_REGION")) return {*v, "AWS_REGION"};
  if (auto v = env.Get("AWS_DEFAULT_REGION")) return {*v, "AWS_DEFAULT_REGION"};
  if (spotrun_value && !spotrun_value->empty()) return *spotrun_value;
  if (auto v = aws.ConfigValue(profile, "region")) return {*v, aws.ConfigSource(profile)};
  return {"", "unset"};
}

Setting ResolveEndpoint(AwsService service, std::string_view flag, const Environment& env,
                        const AwsSharedConfig& aws, std::string_view profile,
                        const std::optional<Setting>& spotrun_value, std::string_view region) {
  if (!flag.empty()) return {std::string(flag), "--endpoint"};
  std::string_view var = ServiceEndpointVariable(service);
  if (auto v = env.Get(var)) return {*v, std::string(var)};
  if (auto v = env.Get("AWS_ENDPOINT_URL")) return {*v, "AWS_ENDPOINT_URL"};
  if (spotrun_value && !spotrun_value->empty()) return *spotrun_value;
  if (auto v = aws.ConfigValue(profile, "endpoint_url")) return {*v, aws.ConfigSource(profile)};
  if (region.empty()) return {"", "unset"};
  return {DefaultEndpoint(service, region), "AWS default for " + std::string(region)};
}

std::string DefaultEndpoint(AwsService service, std::string_view region) {
  std::string suffix = region.substr(0, 3) == "cn-" ? ".amazonaws.com.cn" : ".amazonaws.com";
  return "https://" + std::string(ServiceSigningName(service)) + "." + std::string(region) + suffix;
}

}  // namespace spotrun
