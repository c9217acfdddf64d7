// DispatchEc2Action: one EC2 Query request, served — its parameters decoded into the typed
// request (ec2_query_decode.h), the Ec2Api call made (the local cloud's Ec2Model), and the
// answer written as EC2's XML (ec2_response_xml.h). Errors come back as Status (Ec2Error), for
// the front door to write as EC2's error document. Stateless; as thread-safe as the Ec2Api.
#ifndef SPOTRUN_LOCALCLOUD_EC2_QUERY_DISPATCH_H_
#define SPOTRUN_LOCALCLOUD_EC2_QUERY_DISPATCH_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "aws/query_params.h"
#include "base/result.h"

namespace spotrun {

// The response XML, or InvalidAction for an action EC2 does not have (or we do not serve).
Result<std::string> DispatchEc2Action(Ec2Api& api, std::string_view action,
                                      const QueryParams& params, std::string_view request_id);

// Every action DispatchEc2Action serves, sorted.
std::vector<std::string> Ec2ActionNames();

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_QUERY_DISPATCH_H_
