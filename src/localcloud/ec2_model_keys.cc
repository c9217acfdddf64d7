// Ec2Model's key pairs. CreateKeyPair makes a real key with ssh-keygen (the instance's sshd
// accepts its public key) and hands the private key out once; ImportKeyPair takes an OpenSSH
// public key line. Fingerprints are AWS's: for created RSA keys the SHA-1 of the private key's
// PKCS#8 DER, for imported RSA keys the MD5 of the public key's DER (SubjectPublicKeyInfo),
// both as colon-separated hex; for ed25519 keys the base64 SHA-256 of the OpenSSH key blob.
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <string>

#include "aws/crypto.h"
#include "base/base64.h"
#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {

constexpr size_t kMaxKeyNameLength = 255;
// The DER of AlgorithmIdentifier { rsaEncryption, NULL }.
// (Sized explicitly: it ends in a NUL byte.)
constexpr std::string_view kRsaAlgorithm{
    "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", 15};

std::vector<std::string> One(std::string value) { return {std::move(value)}; }

Status BadKeyFormat() {
  return Ec2Error("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
}

// A DER element: tag, definite length, content.
std::string Der(unsigned char tag, std::string_view content) {
  std::string out(1, static_cast<char>(tag));
  const size_t n = content.size();
  if (n < 0x80) {
    out += static_cast<char>(n);
  } else {
    std::string length;
    for (size_t rest = n; rest > 0; rest >>= 8) {
      length.insert(length.begin(), static_cast<char>(rest & 0xff));
    }
    out += static_cast<char>(0x80 | length.size());
    out += length;
  }
  out.append(content);
  return out;
}

// The colon-separated lowercase hex of a digest ("1f:2e:…").
std::string ColonHex(std::string_view bytes) {
  std::string hex = HexEncode(bytes);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (i > 0) out += ':';
    out.append(hex, i, 2);
  }
  return out;
}

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), size);
}

// Reads one SSH wire "string" (uint32 length + bytes) from `blob` at `pos`.
bool ReadSshString(std::string_view blob, size_t& pos, std::string_view& out) {
  if (blob.size() - pos < 4) return false;
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(blob[pos + i]);
  pos += 4;
  if (blob.size() - pos < n) return false;
  out = blob.substr(pos, n);
  pos += n;
  return true;
}

// An OpenSSH public key line, checked: "ssh-rsa AAAA… [comment]" or "ssh-ed25519 AAAA…".
struct PublicKey {
  std::string type;  // EC2's: "rsa" | "ed25519"
  std::string blob;  // the decoded key blob
  std::string line;  // as given, trimmed
  std::string rsa_e, rsa_n;
};

Result<PublicKey> ParsePublicKey(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  PublicKey key;
  key.line = std::string(text);
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return BadKeyFormat();
  const std::string_view algorithm = text.substr(0, space);
  std::string_view encoded = text.substr(space + 1);
  encoded = encoded.substr(0, encoded.find(' '));
  std::optional<std::string> blob = Base64Decode(encoded);
  if (!blob) return BadKeyFormat();
  key.blob = std::move(*blob);
  size_t pos = 0;
  std::string_view name;
  if (!ReadSshString(key.blob, pos, name) || name != algorithm) return BadKeyFormat();
  if (algorithm == "ssh-ed25519") {
    std::string_view point;
    if (!ReadSshString(key.blob, pos, point) || point.size() != 32 || pos != key.blob.size()) {
      return BadKeyFormat();
    }
    key.type = "ed25519";
    return key;
  }
  if (algorithm == "ssh-rsa") {
    std::string_view e, n;
    if (!ReadSshString(key.blob, pos, e) || !ReadSshString(key.blob, pos, n) ||
        pos != key.blob.size() || e.empty() || n.empty()) {
      return BadKeyFormat();
    }
    // EC2 takes RSA keys of 1024 to 4096 bits.
    const size_t bits = (n.size() - (n[0] == 0 ? 1 : 0)) * 8;
    if (bits < 1024 || bits > 4096) {
      return Ec2Error("InvalidKey.Format",
                      "Key is not in valid OpenSSH public key format: RSA keys must have 1024 "
                      "to 4096 bits");
    }
    key.type = "rsa";
    key.rsa_e = std::string(e);
    key.rsa_n = std::string(n);
    return key;
  }
  return BadKeyFormat();
}

// AWS's fingerprint of an imported key.
std::string ImportedFingerprint(const PublicKey& key) {
  if (key.type == "ed25519") return Base64Encode(Sha256(key.blob).view());
  // SSH mpints are minimal two's complement, exactly DER INTEGER contents.
  const std::string rsa_public_key = Der(0x30, Der(0x02, key.rsa_n) + Der(0x02, key.rsa_e));
  const std::string spki =
      Der(0x30, std::string(kRsaAlgorithm) + Der(0x03, std::string(1, '\0') + rsa_public_key));
  return ColonHex(Digest(EVP_md5(), spki));
}

// The DER inside a PEM block ("-----BEGIN …-----"); nullopt when it is not one.
std::optional<std::string> PemBody(std::string_view pem) {
  std::string base64;
  bool inside = false;
  size_t start = 0;
  while (start < pem.size()) {
    size_t end = pem.find('\n', start);
    if (end == std::string_view::npos) end = pem.size();
    std::string_view line = pem.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("-----BEGIN")) {
      inside = true;
    } else if (line.starts_with("-----END")) {
      return Base64Decode(base64);
    } else if (inside) {
      base64.append(line);
    }
  }
  return std::nullopt;
}

// AWS's fingerprint of a key it made: the SHA-1 of the private key's PKCS#8 DER for RSA.
Result<std::string> CreatedFingerprint(const PublicKey& key, std::string_view private_pem) {
  if (key.type == "ed25519") return ImportedFingerprint(key);
  std::optional<std::string> der = PemBody(private_pem);
  if (!der) return Ec2Error("InternalError", "ssh-keygen wrote an unreadable RSA key");
  std::string pkcs8 = *der;
  if (private_pem.starts_with("-----BEGIN RSA PRIVATE KEY-----")) {  // PKCS#1: wrap it
    pkcs8 =
        Der(0x30, std::string("\x02\x01\x00", 3) + std::string(kRsaAlgorithm) + Der(0x04, *der));
  }
  return ColonHex(Digest(EVP_sha1(), pkcs8));
}

Status ValidateKeyName(std::string_view name) {
  if (name.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter KeyName");
  }
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (name.size() > kMaxKeyNameLength || !ascii) {
    return Ec2Error("InvalidParameterValue",
                    "Value (" + std::string(name) +
                        ") for parameter keyName is invalid. Key names are up to 255 ASCII "
                        "characters");
  }
  return Status::Ok();
}

struct GeneratedKey {
  std::string private_key;
  std::string public_line;
};

Result<GeneratedKey> RunSshKeygen(std::string_view type, std::string_view comment) {
  SPOTRUN_ASSIGN_OR_RETURN(ScopedTempDir dir, ScopedTempDir::Create("spotrun-key"));
  const std::string path = (dir.path() / "key").string();
  SubprocessOptions options;
  options.argv = {"ssh-keygen",         "-q", "-t", std::string(type), "-N", "", "-C",
                  std::string(comment), "-f", path};
  if (type == "rsa") {
    options.argv.insert(options.argv.end(), {"-b", "2048", "-m", "PEM"});
  }
  options.timeout = std::chrono::seconds(30);
  Result<SubprocessResult> run = RunSubprocess(options);
  if (!run.ok() || !run->success()) {
    return Ec2Error("InternalError",
                    "The local cloud could not generate a key pair with ssh-keygen: " +
                        (run.ok() ? run->stderr_text : run.status().message()));
  }
  GeneratedKey key;
  SPOTRUN_ASSIGN_OR_RETURN(key.private_key, ReadFile(path));
  SPOTRUN_ASSIGN_OR_RETURN(key.public_line, ReadFile(path + ".pub"));
  return key;
}

}  // namespace

Result<KeyPair> Ec2Model::CreateKeyPair(const CreateKeyPairRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(ValidateKeyName(request.key_name));
  const std::string type = request.key_type.value_or("rsa");
  if (type != "rsa" && type != "ed25519") {
    return Ec2Error("InvalidParameterValue", "Value (" + type +
                                                 ") for parameter keyType is invalid. Valid "
                                                 "values: rsa, ed25519");
  }
  const std::string format = request.key_format.value_or("pem");
  if (format != "pem") {
    return Ec2Error("InvalidParameterValue",
                    format == "ppk" ? "The local cloud makes keys in pem format only; ask for "
                                      "KeyFormat pem and convert with puttygen"
                                    : "Value (" + format +
                                          ") for parameter keyFormat is invalid. Valid values: "
                                          "pem, ppk");
  }
  for (const auto& [id, record] : state_.key_pairs) {
    if (record.key_pair.key_name == request.key_name) {
      return Ec2Error("InvalidKeyPair.Duplicate",
                      "The keypair '" + request.key_name + "' already exists.");
    }
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> tags,
                           TagsToCreate(request.tag_specifications, "key-pair"));
  if (request.dry_run) return DryRunSucceeded();
  SPOTRUN_ASSIGN_OR_RETURN(GeneratedKey generated, RunSshKeygen(type, request.key_name));
  SPOTRUN_ASSIGN_OR_RETURN(PublicKey public_key, ParsePublicKey(generated.public_line));
  SPOTRUN_ASSIGN_OR_RETURN(std::string fingerprint,
                           CreatedFingerprint(public_key, generated.private_key));
  KeyPairRecord record;
  KeyPairInfo& info = record.key_pair;
  info.key_pair_id = NewIdLocked("key-");
  info.key_name = request.key_name;
  info.key_fingerprint = fingerprint;
  info.key_type = type;
  info.public_key = public_key.line;
  info.create_time = deps_.clock.Now();
  info.tags = tags;
  KeyPair answer{info.key_pair_id, info.key_name, info.key_fingerprint,
                 std::move(generated.private_key), tags};
  state_.Touch(info.key_pair_id);
  state_.key_pairs.emplace(info.key_pair_id, std::move(record));
  FlushLocked();
  return answer;
}

Result<KeyPairInfo> Ec2Model::ImportKeyPair(const ImportKeyPairRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(ValidateKeyName(request.key_name));
  if (request.public_key_material.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter PublicKeyMaterial");
  }
  SPOTRUN_ASSIGN_OR_RETURN(PublicKey public_key, ParsePublicKey(request.public_key_material));
  for (const auto& [id, record] : state_.key_pairs) {
    if (record.key_pair.key_name == request.key_name) {
      return Ec2Error("InvalidKeyPair.Duplicate",
                      "The keypair '" + request.key_name + "' already exists.");
    }
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> tags,
                           TagsToCreate(request.tag_specifications, "key-pair"));
  if (request.dry_run) return DryRunSucceeded();
  KeyPairRecord record;
  KeyPairInfo& info = record.key_pair;
  info.key_pair_id = NewIdLocked("key-");
  info.key_name = request.key_name;
  info.key_fingerprint = ImportedFingerprint(public_key);
  info.key_type = public_key.type;
  info.public_key = public_key.line;
  info.create_time = deps_.clock.Now();
  info.tags = tags;
  KeyPairInfo answer = info;
  answer.public_key.clear();  // ImportKeyPair's answer has no public key
  answer.create_time.reset();
  state_.Touch(info.key_pair_id);
  state_.key_pairs.emplace(info.key_pair_id, std::move(record));
  FlushLocked();
  return answer;
}

Result<std::vector<KeyPairInfo>> Ec2Model::DescribeKeyPairs(
    const DescribeKeyPairsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters, {"key-pair-id", "key-name", "fingerprint", "key-type"}));
  for (const std::string& name : request.key_names) {
    const bool found =
        std::any_of(state_.key_pairs.begin(), state_.key_pairs.end(),
                    [&](const auto& entry) { return entry.second.key_pair.key_name == name; });
    if (!found) {
      return Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
    }
  }
  for (const std::string& id : request.key_pair_ids) {
    if (!state_.key_pairs.contains(id)) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<KeyPairInfo> keys;
  for (const auto& [id, record] : state_.key_pairs) {
    const KeyPairInfo& info = record.key_pair;
    if (!Selected(request.key_names, info.key_name) || !Selected(request.key_pair_ids, id)) {
      continue;
    }
    const bool match = MatchesFilters(request.filters, info.tags, [&](std::string_view name) {
      if (name == "key-pair-id") return One(info.key_pair_id);
      if (name == "key-name") return One(info.key_name);
      if (name == "fingerprint") return One(info.key_fingerprint);
      return One(info.key_type);
    });
    if (!match) continue;
    keys.push_back(info);
    if (!request.include_public_key.value_or(false)) keys.back().public_key.clear();
  }
  return keys;
}

Status Ec2Model::DeleteKeyPair(const DeleteKeyPairRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (!request.key_name && !request.key_pair_id) {
    return Ec2Error("MissingParameter",
                    "The request must contain the parameter KeyName or KeyPairId");
  }
  if (request.dry_run) return DryRunSucceeded();
  // Idempotent as on AWS: deleting a key pair that does not exist succeeds.
  std::string id;
  if (request.key_pair_id) {
    if (state_.key_pairs.contains(*request.key_pair_id)) id = *request.key_pair_id;
  } else {
    for (const auto& [key_id, record] : state_.key_pairs) {
      if (record.key_pair.key_name == *request.key_name) id = key_id;
    }
  }
  if (id.empty()) return Status::Ok();
  state_.key_pairs.erase(id);
  state_.Touch(id);
  FlushLocked();
  return Status::Ok();
}

}  // namespace spotrun
