// How commands about machines print the numbers people read: uptimes ("3d 4h", "2h 05m"),
// hourly prices ("0.0312") and money ("$1.23"). Pure functions; thread-safe.
#ifndef SPOTRUN_CLI_MACHINE_TEXT_H_
#define SPOTRUN_CLI_MACHINE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace spotrun {

// "45s", "12m", "2h 05m", "3d 04h"; "-" for nullopt.
std::string FormatUptime(std::optional<Duration> uptime);
// "0.0312"; "-" for nullopt.
std::string FormatHourlyPrice(std::optional<double> price);
// "$1.23"; amounts under a cent as "<$0.01".
std::string FormatDollars(double amount);

// An Ec2Waiter progress message without its trailing " (12 s)", for a ProgressLine, which shows
// the elapsed time itself.
std::string_view WithoutElapsed(std::string_view waiter_progress);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_MACHINE_TEXT_H_
