#include "cli/svg_line_chart.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

namespace spotrun {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SvgLineChartTest, WellFormedWithTitleLegendAndEscapedText) {
  LineChart chart{"Spot <m5> & co",
                  "USD per hour",
                  {"2026-01-01", "2026-01-02", "2026-01-03"},
                  {{"us-east-2a", {0.031, 0.032, 0.030}}, {"us-east-2b", {0.040, 0.041, 0.039}}}};
  std::string svg = RenderSvgLineChart(chart);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str())) << svg;
  EXPECT_STREQ(doc.first_child().name(), "svg");
  EXPECT_NE(svg.find("Spot &lt;m5&gt; &amp; co"), std::string::npos);
  EXPECT_NE(svg.find(">us-east-2b</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2026-01-03</text>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<polyline"), 2u);
  EXPECT_EQ(Count(svg, "<circle"), 6u);
  EXPECT_NE(svg.find(">0.030</text>"), std::string::npos);  // a round y tick
}

TEST(SvgLineChartTest, AMissingValueBreaksTheLine) {
  LineChart chart{"t", "y", {"a", "b", "c", "d", "e"}, {{"s", {1.0, 2.0, std::nullopt, 2.5, 3.0}}}};
  std::string svg = RenderSvgLineChart(chart);
  EXPECT_EQ(Count(svg, "<polyline"), 2u);
  EXPECT_EQ(Count(svg, "<circle"), 4u);
}

TEST(SvgLineChartTest, FlatEmptyAndSinglePointChartsStillRender) {
  for (const LineChart& chart : {LineChart{"flat", "y", {"a", "b"}, {{"s", {0.05, 0.05}}}},
                                 LineChart{"none", "y", {"a"}, {{"s", {std::nullopt}}}},
                                 LineChart{"one", "y", {"a"}, {{"s", {0.05}}}}}) {
    std::string svg = RenderSvgLineChart(chart);
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(svg.c_str())) << chart.title;
    EXPECT_EQ(svg.find("nan"), std::string::npos) << chart.title;
    EXPECT_EQ(svg.find("inf"), std::string::npos) << chart.title;
  }
}

}  // namespace
}  // namespace spotrun
