// Ec2Client: key pairs — CreateKeyPair, ImportKeyPair, DescribeKeyPairs and DeleteKeyPair.
#include "aws/ec2_client.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"
#include "base/base64.h"

namespace spotrun {
namespace {

// A KeyPairInfo, from a keySet item or ImportKeyPair's root.
KeyPairInfo ParseKeyPairInfo(pugi::xml_node node) {
  KeyPairInfo k;
  k.key_pair_id = ChildText(node, "keyPairId");
  k.key_name = ChildText(node, "keyName");
  k.key_fingerprint = ChildText(node, "keyFingerprint");
  k.key_type = ChildText(node, "keyType");
  k.public_key = ChildText(node, "publicKey");
  k.create_time = ToTime(node.child("createTime"));
  k.tags = ParseTags(node.child("tagSet"));
  return k;
}

KeyPair ParseKeyPair(pugi::xml_node root) {
  KeyPair k;
  k.key_pair_id = ChildText(root, "keyPairId");
  k.key_name = ChildText(root, "keyName");
  k.key_fingerprint = ChildText(root, "keyFingerprint");
  k.key_material = ChildText(root, "keyMaterial");
  k.tags = ParseTags(root.child("tagSet"));
  return k;
}

}  // namespace

Result<KeyPair> Ec2Client::CreateKeyPair(const CreateKeyPairRequest& request) {
  QueryParams params;
  params.Set("KeyName", request.key_name);
  SetOptional(params, "KeyType", request.key_type);
  SetOptional(params, "KeyFormat", request.key_format);
  AddTagSpecifications(params, request.tag_specifications);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CreateKeyPair", params, ParseKeyPair);
}

Result<KeyPairInfo> Ec2Client::ImportKeyPair(const ImportKeyPairRequest& request) {
  QueryParams params;
  params.Set("KeyName", request.key_name);
  params.Set("PublicKeyMaterial", Base64Encode(request.public_key_material));
  AddTagSpecifications(params, request.tag_specifications);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "ImportKeyPair", params, ParseKeyPairInfo);
}

Result<std::vector<KeyPairInfo>> Ec2Client::DescribeKeyPairs(
    const DescribeKeyPairsRequest& request) {
  QueryParams params;
  params.SetList("KeyName", request.key_names);
  params.SetList("KeyPairId", request.key_pair_ids);
  AddFilters(params, request.filters);
  SetOptional(params, "IncludePublicKey", request.include_public_key);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeKeyPairs", params, [](pugi::xml_node root) {
    return ParseItems(root.child("keySet"), ParseKeyPairInfo);
  });
}

Status Ec2Client::DeleteKeyPair(const DeleteKeyPairRequest& request) {
  QueryParams params;
  SetOptional(params, "KeyName", request.key_name);
  SetOptional(params, "KeyPairId", request.key_pair_id);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DeleteKeyPair", params);
}

}  // namespace spotrun
