#include "cli/progress_line.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace spotrun {
namespace {

class ProgressLineTest : public ::testing::Test {
 protected:
  std::string Text() {
    std::fflush(stream_);
    return std::string(buffer_, size_);
  }
  void TearDown() override {
    std::fclose(stream_);
    std::free(buffer_);
  }
  char* buffer_ = nullptr;
  size_t size_ = 0;
  std::FILE* stream_ = open_memstream(&buffer_, &size_);
  FakeClock clock_;
};

TEST_F(ProgressLineTest, OffATerminalEachNewStageIsOneLine) {
  ProgressLine p(stream_, clock_, /*terminal=*/false);
  p.Begin("launching box");
  p.Update("requested");
  clock_.Advance(std::chrono::seconds(2));
  p.Update("requested");
  p.Update("pending");
  clock_.Advance(std::chrono::seconds(3));
  p.Done("running");
  EXPECT_EQ(Text(),
            "launching box: requested (0 s)\n"
            "launching box: pending (2 s)\n"
            "launching box: running (5 s)\n");
}

TEST_F(ProgressLineTest, OnATerminalTheLineIsRewrittenInPlace) {
  ProgressLine p(stream_, clock_, /*terminal=*/true);
  p.Begin("stopping box");
  p.Update("stopping");
  clock_.Advance(std::chrono::seconds(1));
  p.Done("stopped");
  EXPECT_EQ(Text(), "\rstopping box: stopping (0 s)\rstopping box: stopped (1 s) \n");
}

TEST_F(ProgressLineTest, AbandonEndsAnOpenTerminalLine) {
  ProgressLine p(stream_, clock_, /*terminal=*/true);
  p.Begin("x");
  p.Update("waiting");
  p.Abandon();
  EXPECT_EQ(Text(), "\rx: waiting (0 s)\n");
}

}  // namespace
}  // namespace spotrun
