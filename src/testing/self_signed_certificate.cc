#include "testing/self_signed_certificate.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "base/file.h"

namespace spotrun::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

std::string Pem(bool (*write)(BIO*, const void*), const void* object) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || !write(bio.get(), object)) return "";
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

bool WriteCertificate(BIO* bio, const void* cert) {
  return PEM_write_bio_X509(bio, static_cast<X509*>(const_cast<void*>(cert))) == 1;
}

bool WriteKey(BIO* bio, const void* key) {
  return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY*>(const_cast<void*>(key)), nullptr,
                                  nullptr, 0, nullptr, nullptr) == 1;
}

}  // namespace

SelfSignedCertificate SelfSignedCertificate::Make() {
  SelfSignedCertificate result;
  KeyPtr key(EVP_EC_gen("P-256"));
  CertPtr cert(X509_new());
  if (key == nullptr || cert == nullptr) {
    ADD_FAILURE() << "OpenSSL could not create a key or certificate";
    return result;
  }
  X509* x = cert.get();
  X509_NAME* name = X509_get_subject_name(x);
  const auto* common_name = reinterpret_cast<const unsigned char*>("spotrun test");
  bool ok = X509_set_version(x, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(x), 1) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(x), -3600) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(x), 86400) != nullptr &&
            X509_set_pubkey(x, key.get()) == 1 &&
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0) == 1 &&
            X509_set_issuer_name(x, name) == 1 &&
            AddExtension(x, NID_basic_constraints, "critical,CA:TRUE") &&
            AddExtension(x, NID_subject_key_identifier, "hash") &&
            AddExtension(x, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") &&
            X509_sign(x, key.get(), EVP_sha256()) > 0;
  if (!ok) {
    ADD_FAILURE() << "OpenSSL could not build the self-signed certificate";
    return result;
  }
  result.certificate_pem = Pem(&WriteCertificate, x);
  result.private_key_pem = Pem(&WriteKey, key.get());
  return result;
}

void SelfSignedCertificate::WriteTo(const std::filesystem::path& dir) {
  certificate_file = (dir / "cert.pem").string();
  private_key_file = (dir / "key.pem").string();
  Status status = WriteFileAtomic(certificate_file, certificate_pem, 0600);
  if (status.ok()) status = WriteFileAtomic(private_key_file, private_key_pem, 0600);
  if (!status.ok()) ADD_FAILURE() << "writing the test certificate: " << status.ToString();
}

}  // namespace spotrun::testing
