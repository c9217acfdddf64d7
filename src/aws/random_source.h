// RandomSource: uniform doubles in [0, 1), injected wherever the AWS layer needs randomness
// (retry jitter, ClientTokens, invocation ids) so tests can fix it. A RandomSource is not
// thread-safe unless its owner guards it.
#ifndef SPOTRUN_AWS_RANDOM_SOURCE_H_
#define SPOTRUN_AWS_RANDOM_SOURCE_H_

#include <functional>

namespace spotrun {

using RandomSource = std::function<double()>;

// A 64-bit Mersenne Twister seeded from std::random_device; each call makes a new engine.
RandomSource SystemRandomSource();

}  // namespace spotrun

#endif  // SPOTRUN_AWS_RANDOM_SOURCE_H_
