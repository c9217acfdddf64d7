#include "aws/ec2_client.h"

#include <utility>

namespace spotrun {

Ec2Client::Ec2Client(QueryTransport& transport) : Ec2Client(transport, Ec2ClientOptions()) {}

Ec2Client::Ec2Client(QueryTransport& transport, Ec2ClientOptions options)
    : transport_(transport), options_(std::move(options)) {
  if (!options_.new_client_token) options_.new_client_token = RandomClientToken;
}

std::string Ec2Client::ClientTokenOr(const std::optional<std::string>& token) const {
  if (token && !token->empty()) return *token;
  return options_.new_client_token();
}

}  // namespace spotrun
