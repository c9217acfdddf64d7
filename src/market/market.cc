#include "market/market.h"

namespace spotrun::market {

Market::Market(DataSet data, SpotPrices::Options options)
    : regions_(data),
      instance_types_(data),
      on_demand_(data),
      advisor_(data),
      recorded_(data, regions_),
      model_(data),
      spot_prices_(regions_, on_demand_, advisor_, recorded_, model_, options) {}

}  // namespace spotrun::market
