// Response documents of the actions that answer `<return>true</return>`, and of regions,
// zones, instance types, tags, images and key pairs. Instances and spot are in
// ec2_response_xml_instances.cc; volumes, snapshots and networks in
// ec2_response_xml_resources.cc.
#include "localcloud/ec2_response_xml.h"

#include "localcloud/ec2_response_xml_writer.h"

namespace spotrun {
namespace {

void WriteEbs(Ec2ResponseXmlWriter& w, const EbsBlockDevice& e) {
  w.Open("ebs");
  w.OptionalText("snapshotId", e.snapshot_id);
  w.IntIfSet("volumeSize", e.volume_size);
  w.BoolIfSet("deleteOnTermination", e.delete_on_termination);
  w.OptionalText("volumeType", e.volume_type);
  w.IntIfSet("iops", e.iops);
  w.IntIfSet("throughput", e.throughput);
  w.BoolIfSet("encrypted", e.encrypted);
  w.OptionalText("kmsKeyId", e.kms_key_id);
  w.Close();
}

void WriteBlockDeviceMapping(Ec2ResponseXmlWriter& w, const BlockDeviceMapping& m) {
  w.Text("deviceName", m.device_name);
  w.OptionalText("virtualName", m.virtual_name);
  if (m.ebs) WriteEbs(w, *m.ebs);
  w.OptionalText("noDevice", m.no_device);
}

void WriteImage(Ec2ResponseXmlWriter& w, const Image& i) {
  w.Text("imageId", i.image_id);
  w.Text("imageState", i.state);
  w.Text("imageOwnerId", i.owner_id);
  w.TimeIfSet("creationDate", i.creation_date);
  w.Bool("isPublic", i.is_public);
  w.TextIfSet("architecture", i.architecture);
  w.Text("imageType", "machine");
  w.TextIfSet("platformDetails", i.platform_details);
  w.Text("name", i.name);
  w.TextIfSet("description", i.description);
  w.TextIfSet("rootDeviceType", i.root_device_type);
  w.TextIfSet("rootDeviceName", i.root_device_name);
  w.List("blockDeviceMapping", i.block_device_mappings,
         [&w](const BlockDeviceMapping& m) { WriteBlockDeviceMapping(w, m); });
  w.TextIfSet("virtualizationType", i.virtualization_type);
  WriteTagSet(w, i.tags);
  WriteStateReason(w, "stateReason", i.state_reason);
}

// InstanceTypeInfo members in AWS's (alphabetical) order.
void WriteInstanceType(Ec2ResponseXmlWriter& w, const InstanceTypeInfo& t) {
  w.Bool("bareMetal", t.bare_metal);
  w.Bool("burstablePerformanceSupported", t.burstable_performance_supported);
  w.Bool("currentGeneration", t.current_generation);
  if (!t.gpus.empty() || t.total_gpu_memory_mib > 0) {
    w.Open("gpuInfo");
    w.ListIfAny("gpus", t.gpus, [&w](const GpuDeviceInfo& g) {
      w.Int("count", g.count);
      w.Text("manufacturer", g.manufacturer);
      w.Open("memoryInfo");
      w.Int("sizeInMiB", g.memory_mib);
      w.Close();
      w.Text("name", g.name);
    });
    w.Int("totalGpuMemoryInMiB", t.total_gpu_memory_mib);
    w.Close();
  }
  w.Bool("hibernationSupported", t.hibernation_supported);
  w.TextIfSet("hypervisor", t.hypervisor);
  if (t.instance_storage_gb > 0) {
    w.Open("instanceStorageInfo");
    w.Int("totalSizeInGB", t.instance_storage_gb);
    w.Close();
  }
  w.Bool("instanceStorageSupported", t.instance_storage_gb > 0);
  w.Text("instanceType", t.instance_type);
  w.Open("memoryInfo");
  w.Int("sizeInMiB", t.memory_mib);
  w.Close();
  if (!t.network_performance.empty()) {
    w.Open("networkInfo");
    w.Text("networkPerformance", t.network_performance);
    w.Close();
  }
  w.Open("processorInfo");
  w.StringItems("supportedArchitectures", t.supported_architectures);
  if (t.sustained_clock_speed_ghz) {
    w.Double("sustainedClockSpeedInGhz", *t.sustained_clock_speed_ghz);
  }
  w.Close();
  w.StringItems("supportedUsageClasses", t.supported_usage_classes);
  w.Open("vCpuInfo");
  if (t.default_cores > 0) w.Int("defaultCores", t.default_cores);  // absent for metal
  w.Int("defaultVCpus", t.default_vcpus);
  w.Close();
}

void WriteKeyPairInfo(Ec2ResponseXmlWriter& w, const KeyPairInfo& k) {
  w.Text("keyPairId", k.key_pair_id);
  w.Text("keyName", k.key_name);
  w.Text("keyFingerprint", k.key_fingerprint);
  w.TextIfSet("keyType", k.key_type);
  w.TextIfSet("publicKey", k.public_key);
  WriteTagSet(w, k.tags);
  w.TimeIfSet("createTime", k.create_time);
}

}  // namespace

std::string WriteReturnTrueResponse(std::string_view action, std::string_view request_id) {
  Ec2ResponseXmlWriter w(action, request_id);
  w.Bool("return", true);
  return std::move(w).Finish();
}

std::string WriteDescribeRegionsResponse(std::string_view request_id,
                                         const std::vector<Region>& regions) {
  Ec2ResponseXmlWriter w("DescribeRegions", request_id, 160 * regions.size());
  w.List("regionInfo", regions, [&w](const Region& r) {
    w.Text("regionName", r.region_name);
    w.TextIfSet("regionEndpoint", r.endpoint);
    w.TextIfSet("optInStatus", r.opt_in_status);
  });
  return std::move(w).Finish();
}

std::string WriteDescribeAvailabilityZonesResponse(std::string_view request_id,
                                                   const std::vector<AvailabilityZone>& zones) {
  Ec2ResponseXmlWriter w("DescribeAvailabilityZones", request_id, 320 * zones.size());
  w.List("availabilityZoneInfo", zones, [&w](const AvailabilityZone& z) {
    w.Text("zoneName", z.zone_name);
    w.TextIfSet("zoneState", z.state);
    w.TextIfSet("regionName", z.region_name);
    w.Empty("messageSet");
    w.TextIfSet("zoneId", z.zone_id);
    w.TextIfSet("zoneType", z.zone_type);
    w.TextIfSet("optInStatus", z.opt_in_status);
  });
  return std::move(w).Finish();
}

std::string WriteDescribeTagsResponse(std::string_view request_id,
                                      const DescribeTagsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeTags", request_id, 160 * response.tags.size());
  w.List("tagSet", response.tags, [&w](const TagDescription& t) {
    w.Text("resourceId", t.resource_id);
    w.Text("resourceType", t.resource_type);
    w.Text("key", t.key);
    w.Text("value", t.value);
  });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteDescribeImagesResponse(std::string_view request_id,
                                        const std::vector<Image>& images) {
  Ec2ResponseXmlWriter w("DescribeImages", request_id, 1024 * images.size());
  w.List("imagesSet", images, [&w](const Image& i) { WriteImage(w, i); });
  return std::move(w).Finish();
}

std::string WriteCreateImageResponse(std::string_view request_id, std::string_view image_id) {
  Ec2ResponseXmlWriter w("CreateImage", request_id);
  w.Text("imageId", image_id);
  return std::move(w).Finish();
}

std::string WriteDescribeInstanceTypesResponse(std::string_view request_id,
                                               const DescribeInstanceTypesResponse& response) {
  Ec2ResponseXmlWriter w("DescribeInstanceTypes", request_id,
                         1024 * response.instance_types.size());
  w.List("instanceTypeSet", response.instance_types,
         [&w](const InstanceTypeInfo& t) { WriteInstanceType(w, t); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteDescribeInstanceTypeOfferingsResponse(
    std::string_view request_id, const DescribeInstanceTypeOfferingsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeInstanceTypeOfferings", request_id,
                         160 * response.instance_type_offerings.size());
  w.List("instanceTypeOfferingSet", response.instance_type_offerings,
         [&w](const InstanceTypeOffering& o) {
           w.Text("instanceType", o.instance_type);
           w.Text("locationType", o.location_type);
           w.Text("location", o.location);
         });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteCreateKeyPairResponse(std::string_view request_id, const KeyPair& key) {
  Ec2ResponseXmlWriter w("CreateKeyPair", request_id, 512 + key.key_material.size());
  w.Text("keyName", key.key_name);
  w.Text("keyFingerprint", key.key_fingerprint);
  w.Text("keyMaterial", key.key_material);
  w.Text("keyPairId", key.key_pair_id);
  WriteTagSet(w, key.tags);
  return std::move(w).Finish();
}

std::string WriteImportKeyPairResponse(std::string_view request_id, const KeyPairInfo& key) {
  Ec2ResponseXmlWriter w("ImportKeyPair", request_id);
  w.Text("keyFingerprint", key.key_fingerprint);
  w.Text("keyName", key.key_name);
  w.Text("keyPairId", key.key_pair_id);
  WriteTagSet(w, key.tags);
  return std::move(w).Finish();
}

std::string WriteDescribeKeyPairsResponse(std::string_view request_id,
                                          const std::vector<KeyPairInfo>& keys) {
  Ec2ResponseXmlWriter w("DescribeKeyPairs", request_id, 640 * keys.size());
  w.List("keySet", keys, [&w](const KeyPairInfo& k) { WriteKeyPairInfo(w, k); });
  return std::move(w).Finish();
}

}  // namespace spotrun
