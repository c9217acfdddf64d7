// S3Client: the real S3Api, over HttpClient. REST-XML requests signed with SigV4 for "s3"
// with the SHA-256 of the body as payload hash (x-amz-content-sha256), path-style URLs
// (ENDPOINT/BUCKET/KEY, keys URI-encoded with '/' kept), S3's error documents parsed into
// Status (kNotFound for NoSuchBucket/NoSuchKey, and for a 404 on HEAD, which has no body),
// and the SDKs' standard retries, as AwsQueryClient does. Borrows its credentials provider,
// HTTP client and clock (they must outlive it); owns its RetryStrategy. Thread-safe when the
// borrowed objects are.
#ifndef SPOTRUN_AWS_S3_CLIENT_H_
#define SPOTRUN_AWS_S3_CLIENT_H_

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "aws/random_source.h"
#include "aws/retry_strategy.h"
#include "aws/s3_api.h"
#include "base/clock.h"
#include "http/http_client.h"

namespace spotrun {

class S3Client final : public S3Api {
 public:
  struct Options {
    std::string endpoint;  // "http://127.0.0.1:7700" or "https://s3.us-east-1.amazonaws.com"
    std::string region = "us-east-1";
    CredentialsProvider* credentials = nullptr;  // required; asked before every attempt
    HttpClient* http = nullptr;                  // required
    Clock* clock = nullptr;                      // required: signing time and backoff sleeps
    RetryOptions retry;                          // default: botocore's standard mode
    RandomSource random;                         // backoff jitter; null: system
    // Per attempt; zero means the HttpClient's default.
    std::chrono::milliseconds connect_timeout{0};
    std::chrono::milliseconds total_timeout{0};
  };

  explicit S3Client(Options options);

  Status CreateBucket(const std::string& bucket) override;
  Status HeadBucket(const std::string& bucket) override;
  Result<std::string> PutObject(const PutObjectRequest& request) override;
  Result<GetObjectResponse> GetObject(const GetObjectRequest& request) override;
  Result<HeadObjectResponse> HeadObject(const std::string& bucket, const std::string& key) override;
  Result<ListObjectsV2Response> ListObjectsV2(const ListObjectsV2Request& request) override;
  Status DeleteObject(const std::string& bucket, const std::string& key) override;
  Result<std::string> CreateMultipartUpload(const std::string& bucket,
                                            const std::string& key) override;
  Result<std::string> UploadPart(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, int part_number,
                                 const std::string& body) override;
  Result<std::string> CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                              const std::string& upload_id,
                                              const std::vector<CompletedPart>& parts) override;
  Status AbortMultipartUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id) override;

  // The URL of BUCKET[/KEY][?QUERY] (QUERY already encoded), path-style.
  std::string Url(std::string_view bucket, std::string_view key = {},
                  std::string_view query = {}) const;

 private:
  struct Call {
    std::string method;
    std::string url;
    std::string body;
    HttpHeaders headers{};
    // What a 404 with no body means (HEAD): "NoSuchKey" or "NoSuchBucket".
    std::string_view not_found_code{};
    // S3 may answer 200 and then fail in the body (CompleteMultipartUpload): an <Error>
    // document in a 2xx is then the error it names, retried when that code is retryable.
    bool error_in_ok_body = false;
  };
  // Sends `call` signed, retrying what is retryable; the 2xx response or the error.
  Result<HttpResponse> Send(const Call& call);
  Status ErrorOf(const Call& call, const Result<HttpResponse>& response) const;

  Options options_;
  std::string endpoint_;  // without a trailing '/'
  RetryStrategy retry_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_S3_CLIENT_H_
