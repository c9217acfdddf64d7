// SvgLineChart: a small, readable SVG line chart written by hand (no dependency) — a title, a
// y axis with round ticks, x labels, one coloured line and dots per series, a legend. A missing
// value breaks its line. Pure function; thread-safe.
#ifndef SPOTRUN_CLI_SVG_LINE_CHART_H_
#define SPOTRUN_CLI_SVG_LINE_CHART_H_

#include <optional>
#include <string>
#include <vector>

namespace spotrun {

struct ChartSeries {
  std::string label;
  std::vector<std::optional<double>> values;  // one per x label
};

struct LineChart {
  std::string title;
  std::string y_label;                // e.g. "USD per hour"
  std::vector<std::string> x_labels;  // e.g. dates
  std::vector<ChartSeries> series;
};

// A complete SVG document (UTF-8, newline-terminated).
std::string RenderSvgLineChart(const LineChart& chart);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_SVG_LINE_CHART_H_
