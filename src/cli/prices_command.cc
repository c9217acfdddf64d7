// spotrun prices TYPE|FAMILY [--history DAYS] [--plot FILE.svg]: on-demand and current spot
// prices per zone, savings and interruption frequency; or each day's lowest spot price, as a
// table or an SVG chart. Spot prices come from the cloud in use, the rest from market data.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "base/file.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/daily_minimum_prices.h"
#include "cli/instance_prices.h"
#include "cli/listing.h"
#include "cli/svg_line_chart.h"
#include "market/market.h"

namespace spotrun {
namespace {

// --plot without --history shows this many days.
constexpr int kDefaultPlotDays = 7;

struct PricesArgs {
  std::string type_or_family;
  int history_days = 0;  // 0: current prices
  std::string plot;
};

nlohmann::json Number(std::optional<double> v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
std::string Dollars(std::optional<double> v) { return v ? fmt::format("{:.4f}", *v) : "-"; }

void PrintNotes(Context& ctx, const std::vector<std::string>& notes) {
  if (notes.empty()) return;
  ctx.Print("\nWhere a '-' stands:\n");
  for (const std::string& note : notes) ctx.Print("  - {}\n", note);
}

Status CheckPlotFile(const std::string& path) {
  if (path.empty() || path.ends_with(".svg")) return Status::Ok();
  if (path.ends_with(".png")) {
    return Status::InvalidArgument(
        "--plot writes SVG only, not PNG",
        fmt::format("use --plot {}.svg (any browser shows it; 'rsvg-convert -o {} {}.svg' makes "
                    "a PNG)",
                    path.substr(0, path.size() - 4), path, path.substr(0, path.size() - 4)));
  }
  return Status::InvalidArgument(fmt::format("--plot {}: the file name must end in .svg", path),
                                 "e.g. --plot prices.svg");
}

void PrintCurrent(Context& ctx, const PriceReport& report) {
  if (ctx.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const InstancePrices& row : report.types) {
      nlohmann::ordered_json spot = nlohmann::ordered_json::array();
      for (const ZoneSpotPrice& z : row.spot) {
        spot.push_back({{"availability_zone", z.availability_zone},
                        {"price", z.price},
                        {"since", FormatIso8601(z.since)}});
      }
      array.push_back(
          {{"instance_type", row.instance_type},
           {"region", report.region},
           {"on_demand", Number(row.on_demand)},
           {"spot", spot},
           {"lowest_spot", Number(row.lowest_spot)},
           {"savings_percent",
            row.savings_percent ? nlohmann::json(*row.savings_percent) : nlohmann::json()},
           {"interruption_frequency", row.interruption_frequency.empty()
                                          ? nlohmann::json()
                                          : nlohmann::json(row.interruption_frequency)},
           {"notes", row.notes}});
    }
    ctx.Print("{}\n", array.dump(2));
    return;
  }
  std::vector<Column> columns = {{"type", "TYPE"}, {"on_demand", "ON-DEMAND"}};
  for (const std::string& zone : report.zones) columns.push_back({zone, zone});
  columns.push_back({"savings", "SAVINGS"});
  columns.push_back({"interruptions", "INTERRUPTIONS"});
  Listing listing(std::move(columns));
  for (const InstancePrices& row : report.types) {
    std::vector<nlohmann::json> cells = {row.instance_type, Dollars(row.on_demand)};
    for (const std::string& zone : report.zones) {
      auto it = std::find_if(row.spot.begin(), row.spot.end(),
                             [&](const ZoneSpotPrice& z) { return z.availability_zone == zone; });
      cells.push_back(it == row.spot.end() ? "-" : Dollars(it->price));
    }
    cells.push_back(row.savings_percent ? fmt::format("{}%", *row.savings_percent) : "-");
    cells.push_back(row.interruption_frequency.empty() ? "-" : row.interruption_frequency);
    listing.Add(std::move(cells));
  }
  ctx.Print("USD per hour, Linux, {}: on-demand, and spot now in each zone\n\n", report.region);
  ctx.Print("{}", listing.RenderTable());
  ctx.Print(
      "\nSAVINGS: the cheapest zone's spot price against on-demand. INTERRUPTIONS: share of spot\n"
      "machines AWS interrupted in a month (Spot Instance Advisor, 2025-06-28).\n");
  PrintNotes(ctx, report.notes);
}

void PrintHistory(Context& ctx, const DailyMinimumTable& table) {
  if (ctx.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (size_t d = 0; d < table.days.size(); ++d) {
      for (size_t i = 0; i < table.series.size(); ++i) {
        const PriceSeries& s = table.series[i];
        array.push_back(
            {{"date", table.days[d]},
             {"instance_type", s.instance_type},
             {"availability_zone",
              s.availability_zone.empty() ? nlohmann::json() : nlohmann::json(s.availability_zone)},
             {"min_price", Number(table.minimum[d][i])}});
      }
    }
    ctx.Print("{}\n", array.dump(2));
    return;
  }
  std::vector<Column> columns = {{"date", "DATE (UTC)"}};
  for (const PriceSeries& s : table.series) columns.push_back({s.label, s.label});
  Listing listing(std::move(columns));
  for (size_t d = 0; d < table.days.size(); ++d) {
    std::vector<nlohmann::json> cells = {table.days[d]};
    for (const std::optional<double>& v : table.minimum[d]) cells.push_back(Dollars(v));
    listing.Add(std::move(cells));
  }
  bool per_zone = !table.series.empty() && !table.series.front().availability_zone.empty();
  ctx.Print("Lowest spot price of each day, USD per hour, Linux, {}{}\n\n", table.region,
            per_zone ? fmt::format(", {} by zone", table.series.front().instance_type)
                     : ", each type's cheapest zone");
  if (table.series.empty()) {
    ctx.Print("(no spot prices)\n");
  } else {
    ctx.Print("{}", listing.RenderTable());
  }
  PrintNotes(ctx, table.notes);
}

Status WritePlot(Context& ctx, const DailyMinimumTable& table, const std::string& path,
                 const std::string& what) {
  LineChart chart;
  chart.title = fmt::format("Lowest spot price per day: {}, {}", what, table.region);
  chart.y_label = "USD per hour (Linux)";
  chart.x_labels = table.days;
  for (size_t i = 0; i < table.series.size(); ++i) {
    ChartSeries s{table.series[i].label, {}};
    for (const auto& day : table.minimum) s.values.push_back(day[i]);
    chart.series.push_back(std::move(s));
  }
  SPOTRUN_RETURN_IF_ERROR(WriteFileAtomic(path, RenderSvgLineChart(chart)));
  fmt::print(ctx.err(), "chart written to {}\n", path);
  return Status::Ok();
}

Status RunPrices(Context& ctx, const PricesArgs& args) {
  SPOTRUN_RETURN_IF_ERROR(CheckPlotFile(args.plot));
  market::Market market;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<std::string> types,
                           ResolveInstanceTypes(market.instance_types(), args.type_or_family));
  int days = args.history_days;
  if (days == 0 && !args.plot.empty()) days = kDefaultPlotDays;
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  if (days == 0) {
    SPOTRUN_ASSIGN_OR_RETURN(
        PriceReport report,
        CurrentPrices(cloud->ec2(), market, cloud->region(), types, ctx.clock()));
    PrintCurrent(ctx, report);
    return Status::Ok();
  }
  SPOTRUN_ASSIGN_OR_RETURN(
      DailyMinimumTable table,
      DailyMinimumPrices(cloud->ec2(), cloud->region(), types, days, ctx.clock()));
  PrintHistory(ctx, table);
  if (!args.plot.empty()) {
    SPOTRUN_RETURN_IF_ERROR(WritePlot(ctx, table, args.plot, args.type_or_family));
  }
  return Status::Ok();
}

}  // namespace

CommandRun DefinePricesCommand(CLI::App& app) {
  auto args = std::make_shared<PricesArgs>();
  app.add_option("type", args->type_or_family, "An instance type (m5.large) or a family (g4dn)")
      ->required()
      ->type_name("TYPE|FAMILY");
  app.add_option("--history", args->history_days,
                 fmt::format("Each day's lowest spot price over the last DAYS days (1-{})",
                             kMaxHistoryDays))
      ->type_name("DAYS");
  app.add_option("--plot", args->plot,
                 fmt::format("Also draw the history as an SVG line chart (default {} days)",
                             kDefaultPlotDays))
      ->type_name("FILE.svg");
  app.footer(
      "Spot prices are the cloud's (DescribeSpotPriceHistory) for the region in use; on-demand\n"
      "prices and interruption frequencies come from AWS's published data built into spotrun.\n"
      "A '-' marks a number that is not known, and a note below the table says why.\n\n"
      "Examples:\n"
      "  spotrun prices m5.large                     # one type, every zone\n"
      "  spotrun prices g4dn --region us-west-2      # a whole family\n"
      "  spotrun prices m5.large --history 30        # lowest price per day, per zone\n"
      "  spotrun prices c5 --history 14 --plot c5.svg\n"
      "  spotrun -o json prices m5.large | jq '.[0].lowest_spot'\n");
  return [args](Context& ctx) { return RunPrices(ctx, *args); };
}

}  // namespace spotrun
