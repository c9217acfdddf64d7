#include "cli/svg_line_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace spotrun {
namespace {

constexpr double kWidth = 900, kHeight = 460;
constexpr double kLeft = 80, kRight = 180, kTop = 50, kBottom = 70;
// Colour-blind-safe palette (Okabe–Ito), then repeated.
constexpr std::array<std::string_view, 8> kColours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals over `range`.
double NiceStep(double range, int ticks) {
  double raw = range / ticks;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

// Enough decimals to tell ticks `step` apart.
int Decimals(double step) {
  return std::clamp(static_cast<int>(-std::floor(std::log10(step))), 0, 6);
}

}  // namespace

std::string RenderSvgLineChart(const LineChart& chart) {
  double low = INFINITY, high = -INFINITY;
  for (const ChartSeries& s : chart.series) {
    for (const std::optional<double>& v : s.values) {
      if (!v) continue;
      low = std::min(low, *v);
      high = std::max(high, *v);
    }
  }
  if (!std::isfinite(low)) low = 0, high = 1;  // nothing to draw: an empty frame
  if (high - low < 1e-9) {
    double pad = std::max(std::abs(high) * 0.1, 0.001);
    low -= pad;
    high += pad;
  }
  const double step = NiceStep(high - low, 5);
  const double y_min = std::floor(low / step) * step;
  const double y_max = std::ceil(high / step) * step;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const size_t n = chart.x_labels.size();
  auto x_at = [&](size_t i) { return kLeft + (n <= 1 ? plot_w / 2 : plot_w * i / (n - 1)); };
  auto y_at = [&](double v) { return kTop + plot_h * (y_max - v) / (y_max - y_min); };

  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{2}\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{3}</text>\n",
      kWidth, kHeight, kLeft, Escape(chart.title));
  // Horizontal grid and y ticks.
  const int decimals = Decimals(step);
  for (double v = y_min; v <= y_max + step / 2; v += step) {
    double y = y_at(v);
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{:.{}f}</text>\n",
        kLeft, y, kLeft + plot_w, y, kLeft - 6, y + 4, v, decimals);
  }
  out += fmt::format(
      "<text transform=\"translate(18,{:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
      kTop + plot_h / 2, Escape(chart.y_label));
  // X labels: at most about 12, evenly spaced, the last always shown.
  const size_t every = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; ++i) {
    if (i % every != 0 && i + 1 != n) continue;
    out += fmt::format(
        "<text transform=\"translate({:.1f},{:.1f}) rotate(-35)\" "
        "text-anchor=\"end\">{}</text>\n",
        x_at(i), kTop + plot_h + 16, Escape(chart.x_labels[i]));
  }
  out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888888\"/>\n",
      kLeft, kTop, plot_w, plot_h);
  // Series: a polyline per unbroken run, a dot per value, a legend entry.
  for (size_t k = 0; k < chart.series.size(); ++k) {
    const ChartSeries& s = chart.series[k];
    std::string_view colour = kColours[k % kColours.size()];
    std::string points;
    auto flush = [&] {
      if (points.find(' ') != std::string::npos) {  // two points or more
        out += fmt::format(
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n", colour,
            points);
      }
      points.clear();
    };
    for (size_t i = 0; i < s.values.size() && i < n; ++i) {
      if (!s.values[i]) {
        flush();
        continue;
      }
      std::string point = fmt::format("{:.1f},{:.1f}", x_at(i), y_at(*s.values[i]));
      points += (points.empty() ? "" : " ") + point;
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>\n", x_at(i),
                         y_at(*s.values[i]), colour);
    }
    flush();
    double ly = kTop + 10 + 20.0 * k;
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
        "stroke-width=\"3\"/>\n<text x=\"{4:.1f}\" y=\"{5:.1f}\">{6}</text>\n",
        kLeft + plot_w + 15, ly, kLeft + plot_w + 40, colour, kLeft + plot_w + 46, ly + 4,
        Escape(s.label));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace spotrun
