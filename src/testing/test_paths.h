// Where tests find checked-in data (testdata/), the shared data set (../shared/data) and the
// built spotrun binary. Paths are fixed at configure time.
#ifndef SPOTRUN_TESTING_TEST_PATHS_H_
#define SPOTRUN_TESTING_TEST_PATHS_H_

#include <string>

namespace spotrun::testing {

inline std::string TestDataDir() { return SPOTRUN_TESTDATA_DIR; }
inline std::string SharedDataDir() { return SPOTRUN_SHARED_DATA_DIR; }

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_TEST_PATHS_H_
