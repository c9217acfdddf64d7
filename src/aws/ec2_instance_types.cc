// Ec2Client: DescribeInstanceTypes and DescribeInstanceTypeOfferings.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

GpuDeviceInfo ParseGpu(pugi::xml_node item) {
  GpuDeviceInfo g;
  g.name = ChildText(item, "name");
  g.manufacturer = ChildText(item, "manufacturer");
  g.count = ToInt(item.child("count"));
  g.memory_mib = ToInt(item.child("memoryInfo").child("sizeInMiB"));
  return g;
}

InstanceTypeInfo ParseInstanceType(pugi::xml_node item) {
  InstanceTypeInfo t;
  t.instance_type = ChildText(item, "instanceType");
  pugi::xml_node vcpu = item.child("vCpuInfo");
  t.default_vcpus = ToInt(vcpu.child("defaultVCpus"));
  t.default_cores = ToInt(vcpu.child("defaultCores"));
  t.memory_mib = ToInt64(item.child("memoryInfo").child("sizeInMiB"));
  pugi::xml_node gpu = item.child("gpuInfo");
  t.gpus = ParseItems(gpu.child("gpus"), ParseGpu);
  t.total_gpu_memory_mib = ToInt(gpu.child("totalGpuMemoryInMiB"));
  pugi::xml_node processor = item.child("processorInfo");
  t.supported_architectures = ParseStringItems(processor.child("supportedArchitectures"));
  t.sustained_clock_speed_ghz = ToOptionalDouble(processor.child("sustainedClockSpeedInGhz"));
  t.supported_usage_classes = ParseStringItems(item.child("supportedUsageClasses"));
  t.current_generation = ToBool(item.child("currentGeneration"));
  t.bare_metal = ToBool(item.child("bareMetal"));
  t.burstable_performance_supported = ToBool(item.child("burstablePerformanceSupported"));
  t.hibernation_supported = ToBool(item.child("hibernationSupported"));
  t.hypervisor = ChildText(item, "hypervisor");
  t.network_performance = ChildText(item.child("networkInfo"), "networkPerformance");
  t.instance_storage_gb = ToInt64(item.child("instanceStorageInfo").child("totalSizeInGB"));
  return t;
}

InstanceTypeOffering ParseOffering(pugi::xml_node item) {
  return InstanceTypeOffering{ChildText(item, "instanceType"), ChildText(item, "locationType"),
                              ChildText(item, "location")};
}

}  // namespace

Result<DescribeInstanceTypesResponse> Ec2Client::DescribeInstanceTypes(
    const DescribeInstanceTypesRequest& request) {
  QueryParams params;
  params.SetList("InstanceType", request.instance_types);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeInstanceTypes", params, [](pugi::xml_node root) {
    return DescribeInstanceTypesResponse{
        ParseItems(root.child("instanceTypeSet"), ParseInstanceType), NextToken(root)};
  });
}

Result<std::vector<InstanceTypeInfo>> Ec2Client::DescribeInstanceTypesAll(
    const DescribeInstanceTypesRequest& request) {
  return CollectAllPages(
      "DescribeInstanceTypes", request, options_.max_pages,
      [this](const DescribeInstanceTypesRequest& r) { return DescribeInstanceTypes(r); },
      &DescribeInstanceTypesResponse::instance_types);
}

Result<DescribeInstanceTypeOfferingsResponse> Ec2Client::DescribeInstanceTypeOfferings(
    const DescribeInstanceTypeOfferingsRequest& request) {
  QueryParams params;
  SetOptional(params, "LocationType", request.location_type);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeInstanceTypeOfferings", params, [](pugi::xml_node root) {
    return DescribeInstanceTypeOfferingsResponse{
        ParseItems(root.child("instanceTypeOfferingSet"), ParseOffering), NextToken(root)};
  });
}

Result<std::vector<InstanceTypeOffering>> Ec2Client::DescribeInstanceTypeOfferingsAll(
    const DescribeInstanceTypeOfferingsRequest& request) {
  return CollectAllPages(
      "DescribeInstanceTypeOfferings", request, options_.max_pages,
      [this](const DescribeInstanceTypeOfferingsRequest& r) {
        return DescribeInstanceTypeOfferings(r);
      },
      &DescribeInstanceTypeOfferingsResponse::instance_type_offerings);
}

}  // namespace spotrun
