// QueryTransport: sends one AWS Query-protocol action and returns the body of a successful
// (2xx) response — the XML the typed operations parse. Errors carry the AWS error code,
// message and request id (Status::Aws). AwsQueryClient is the real one (signing, retries,
// endpoint); tests use fakes that record the params and answer with recorded XML.
#ifndef SPOTRUN_AWS_QUERY_TRANSPORT_H_
#define SPOTRUN_AWS_QUERY_TRANSPORT_H_

#include <string>
#include <string_view>

#include "aws/query_params.h"
#include "base/result.h"

namespace spotrun {

class QueryTransport {
 public:
  virtual ~QueryTransport() = default;
  // `params` holds the operation's own parameters; the transport adds Action and Version.
  virtual Result<std::string> Call(std::string_view action, const QueryParams& params) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_QUERY_TRANSPORT_H_
