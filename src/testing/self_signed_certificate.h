// A throwaway self-signed certificate for 127.0.0.1 and localhost, made with OpenSSL when a
// test runs (no key material in the repository, nothing to expire), for HTTPS tests over
// loopback. WriteTo puts both PEMs into a directory for servers and clients that want files.
// Plain values; thread-safe.
#ifndef SPOTRUN_TESTING_SELF_SIGNED_CERTIFICATE_H_
#define SPOTRUN_TESTING_SELF_SIGNED_CERTIFICATE_H_

#include <filesystem>
#include <string>

namespace spotrun::testing {

struct SelfSignedCertificate {
  // A P-256 key and a certificate valid from an hour ago for a day, subject alternative
  // names IP:127.0.0.1 and DNS:localhost. An OpenSSL failure fails the current test
  // (ADD_FAILURE) and leaves both strings empty.
  static SelfSignedCertificate Make();

  // Writes DIR/cert.pem and DIR/key.pem (0600) and sets the two paths below.
  void WriteTo(const std::filesystem::path& dir);

  std::string certificate_pem;
  std::string private_key_pem;
  std::string certificate_file;  // empty until WriteTo
  std::string private_key_file;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_SELF_SIGNED_CERTIFICATE_H_
