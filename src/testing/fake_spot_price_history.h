// FakeSpotPriceHistory: an Ec2Api whose DescribeSpotPriceHistory answers from a scripted list of
// records (those of the asked types, timestamps up to EndTime), `page_size` per page with a
// NextToken, and records every request; every other action fails. Test-only; not thread-safe.
#ifndef SPOTRUN_TESTING_FAKE_SPOT_PRICE_HISTORY_H_
#define SPOTRUN_TESTING_FAKE_SPOT_PRICE_HISTORY_H_

#include <algorithm>
#include <string>
#include <vector>

#include "base/clock.h"
#include "testing/unimplemented_ec2_api.h"

namespace spotrun::testing {

class FakeSpotPriceHistory : public UnimplementedEc2Api {
 public:
  void Add(std::string type, std::string zone, std::string price, std::string iso_time) {
    SpotPrice p;
    p.instance_type = std::move(type);
    p.availability_zone = std::move(zone);
    p.product_description = "Linux/UNIX";
    p.spot_price = std::move(price);
    ParseIso8601(iso_time, &p.timestamp);
    records.push_back(std::move(p));
  }

  Result<DescribeSpotPriceHistoryResponse> DescribeSpotPriceHistory(
      const DescribeSpotPriceHistoryRequest& request) override {
    requests.push_back(request);
    std::vector<SpotPrice> matching;
    for (const SpotPrice& r : records) {
      const auto& types = request.instance_types;
      if (!types.empty() && std::find(types.begin(), types.end(), r.instance_type) == types.end()) {
        continue;
      }
      if (request.end_time && r.timestamp > *request.end_time) continue;
      matching.push_back(r);
    }
    size_t offset = request.next_token ? std::stoul(*request.next_token) : 0;
    DescribeSpotPriceHistoryResponse page;
    for (size_t i = offset; i < matching.size() && i < offset + page_size; ++i) {
      page.spot_price_history.push_back(matching[i]);
    }
    if (offset + page_size < matching.size()) page.next_token = std::to_string(offset + page_size);
    return page;
  }

  std::vector<SpotPrice> records;
  size_t page_size = 2;
  std::vector<DescribeSpotPriceHistoryRequest> requests;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_FAKE_SPOT_PRICE_HISTORY_H_
