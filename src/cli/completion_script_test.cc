#include "cli/completion_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"
#include "cli/command.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using Kind = CompletionValue::Kind;

const CompletionCommand* Find(const CompletionSpec& spec, std::string_view name) {
  for (const CompletionCommand& c : spec.commands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const CompletionFlag* FindFlag(const std::vector<CompletionFlag>& flags, std::string_view name) {
  for (const CompletionFlag& f : flags) {
    if (std::find(f.names.begin(), f.names.end(), name) != f.names.end()) return &f;
  }
  return nullptr;
}

TEST(CompletionSpecTest, ComesFromTheCommandTableAndCli11) {
  CompletionSpec spec = BuildCompletionSpec();
  for (const Command& c : Commands()) {
    EXPECT_EQ(Find(spec, c.name) != nullptr, !c.hidden) << c.name;
  }
  const CompletionFlag* output = FindFlag(spec.global_flags, "--output");
  ASSERT_NE(output, nullptr);
  EXPECT_TRUE(output->takes_value);
  EXPECT_EQ(output->value.choices, (std::vector<std::string>{"table", "json"}));
  const CompletionFlag* region = FindFlag(spec.global_flags, "--region");
  ASSERT_NE(region, nullptr);
  EXPECT_THAT(region->value.choices, ::testing::Contains("us-east-2"));
  EXPECT_FALSE(FindFlag(spec.global_flags, "--yes")->takes_value);

  const CompletionCommand* prices = Find(spec, "prices");
  ASSERT_NE(prices, nullptr);
  EXPECT_EQ(FindFlag(prices->flags, "--plot")->value.kind, Kind::kFile);
  EXPECT_TRUE(FindFlag(prices->flags, "--history")->takes_value);
  EXPECT_EQ(FindFlag(prices->flags, "--region"), nullptr);  // global, listed once

  const CompletionCommand* config = Find(spec, "config");
  ASSERT_EQ(config->subcommands.size(), 1u);
  EXPECT_EQ(config->subcommands[0].name, "set");
  EXPECT_EQ(config->subcommands[0].description.find('\n'), std::string::npos);
  EXPECT_EQ(Find(spec, "completion")->positionals[0].choices,
            (std::vector<std::string>{"bash", "zsh", "fish"}));
}

// Runs a bash script and returns its stdout.
std::string RunBash(const std::string& script) {
  SubprocessOptions o;
  o.argv = {"bash", "-c", script};
  o.timeout = std::chrono::seconds(30);
  Result<SubprocessResult> r = RunSubprocess(o);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0) << r->stderr_text;
  return r->stdout_text;
}

class BashCompletionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteFileAtomic(dir_.path().string() + "/spotrun.bash",
                                BashCompletionScript(BuildCompletionSpec()))
                    .ok());
  }
  // What TAB offers after `words` (the last one being completed).
  std::string Complete(const std::string& words) {
    return RunBash("source " + dir_.path().string() + "/spotrun.bash; COMP_WORDS=(" + words +
                   "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _spotrun; echo \"${COMPREPLY[*]}\"");
  }
  ScopedTempDir dir_ = ScopedTempDir::Create("completion").value();
};

TEST_F(BashCompletionTest, ParsesAndNamesEveryCommand) {
  std::string script = BashCompletionScript(BuildCompletionSpec());
  RunBash("bash -n <<'EOF'\n" + script + "\nEOF");
  for (const Command& c : Commands()) {
    if (c.hidden) continue;
    EXPECT_THAT(script, HasSubstr(std::string(c.name))) << c.name;
  }
  EXPECT_THAT(script, HasSubstr("__complete-names"));
  EXPECT_THAT(script, HasSubstr("complete -F _spotrun spotrun"));
}

TEST_F(BashCompletionTest, CompletesCommandsSubcommandsFlagsAndValues) {
  EXPECT_EQ(Complete("spotrun pr"), "prices\n");
  EXPECT_EQ(Complete("spotrun --region us-east-2 reg"), "region\n");  // a flag's value skipped
  EXPECT_EQ(Complete("spotrun config ''"), "set\n");
  EXPECT_EQ(Complete("spotrun completion ''"), "bash zsh fish\n");
  EXPECT_EQ(Complete("spotrun completion bash ''"), "\n");
  EXPECT_EQ(Complete("spotrun -o ''"), "table json\n");
  EXPECT_EQ(Complete("spotrun prices m5 --his"), "--history\n");
  EXPECT_EQ(Complete("spotrun --region us-east-"), "us-east-1 us-east-2\n");
  EXPECT_EQ(Complete("spotrun help reg"), "region\n");
}

TEST(ZshCompletionTest, SyntaxIsPlausible) {
  std::string script = ZshCompletionScript(BuildCompletionSpec());
  EXPECT_TRUE(script.starts_with("#compdef spotrun\n"));
  EXPECT_THAT(script, HasSubstr("compdef _spotrun spotrun"));
  EXPECT_THAT(script, HasSubstr("'prices:On-demand and spot prices"));
  SubprocessOptions o;
  o.argv = {"zsh", "-n"};
  o.stdin_data = script;
  Result<SubprocessResult> r = RunSubprocess(o);
  if (!r.ok() || r->exit_code == 127) GTEST_SKIP() << "zsh is not installed";
  EXPECT_EQ(r->exit_code, 0) << r->stderr_text;
}

TEST(FishCompletionTest, EveryLineIsACompleteCommandOrAComment) {
  std::string script = FishCompletionScript(BuildCompletionSpec());
  size_t start = 0;
  while (start < script.size()) {
    size_t end = script.find('\n', start);
    std::string line = script.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    EXPECT_TRUE(line.starts_with("complete -c spotrun")) << line;
    std::string unescaped;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;  // \' and \\ inside quotes
        continue;
      }
      unescaped += line[i];
    }
    EXPECT_EQ(std::count(unescaped.begin(), unescaped.end(), '\'') % 2, 0) << line;
  }
  EXPECT_THAT(script, HasSubstr("-n '__fish_seen_subcommand_from prices' -l plot -r -F"));
  EXPECT_THAT(script, HasSubstr("-s o -l output -x -a 'table json'"));
  SubprocessOptions o;
  o.argv = {"fish", "--no-execute"};
  o.stdin_data = script;
  Result<SubprocessResult> r = RunSubprocess(o);
  if (!r.ok() || r->exit_code == 127) GTEST_SKIP() << "fish is not installed";
  EXPECT_EQ(r->exit_code, 0) << r->stderr_text;
}

TEST(CompletionScriptTest, UnknownShellIsAUsageError) {
  Result<std::string> script = CompletionScript("tcsh");
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(script.status().hint(), HasSubstr("bash, zsh or fish"));
}

}  // namespace
}  // namespace spotrun
