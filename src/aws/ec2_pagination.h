// CollectAllPages: follows an EC2 listing's NextToken to the end, for the …All variants of
// Ec2Client's paginated Describe* calls. Stops with an error after `max_pages` pages or when a
// page hands back a token already seen (a server bug that would otherwise loop forever).
// Stateless; thread-safety is that of `fetch`.
#ifndef SPOTRUN_AWS_EC2_PAGINATION_H_
#define SPOTRUN_AWS_EC2_PAGINATION_H_

#include <fmt/format.h>

#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace spotrun {

// `fetch(request)` returns one page (a Response with `next_token` and the list `items`);
// `request.next_token` is advanced from page to page.
template <typename Request, typename Fetch, typename Response, typename Item>
Result<std::vector<Item>> CollectAllPages(std::string_view action, Request request, int max_pages,
                                          Fetch fetch, std::vector<Item> Response::*items) {
  std::vector<Item> all;
  std::set<std::string> seen;
  if (request.next_token && !request.next_token->empty()) seen.insert(*request.next_token);
  for (int page = 1; page <= max_pages; ++page) {
    Result<Response> response = fetch(request);
    if (!response.ok()) return response.status();
    std::vector<Item>& page_items = (*response).*items;
    all.insert(all.end(), std::make_move_iterator(page_items.begin()),
               std::make_move_iterator(page_items.end()));
    const std::string& token = response->next_token;
    if (token.empty()) return all;
    if (!seen.insert(token).second) {
      return Status::Internal(
          fmt::format("{} returned NextToken \"{}\" a second time (page {}); stopping so the "
                      "listing does not loop forever",
                      action, token, page),
          "the endpoint paginates wrongly; if it is the local cloud, report a bug");
    }
    request.next_token = token;
  }
  return Status::Internal(
      fmt::format("{} still had more results after {} pages; stopping", action, max_pages),
      "narrow the listing with filters");
}

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_PAGINATION_H_
