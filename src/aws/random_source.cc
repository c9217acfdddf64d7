#include "aws/random_source.h"

#include <cmath>
#include <memory>
#include <random>

namespace spotrun {

RandomSource SystemRandomSource() {
  std::random_device device;
  auto engine = std::make_shared<std::mt19937_64>((static_cast<uint64_t>(device()) << 32) ^
                                                  static_cast<uint64_t>(device()));
  return [engine] {
    double x = std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
    return x < 1.0 ? x : std::nextafter(1.0, 0.0);  // LWG 2524: rounding can yield 1.0
  };
}

}  // namespace spotrun
