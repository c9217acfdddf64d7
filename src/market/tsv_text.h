// Reading the market's TSV files in place: one header line of column names, then rows of
// tab-separated fields. Fields are string_views into the file's text, so nothing is copied and
// a lookup can read one row without touching the rest. Pure functions; thread-safe.
#ifndef SPOTRUN_MARKET_TSV_TEXT_H_
#define SPOTRUN_MARKET_TSV_TEXT_H_

#include <string_view>
#include <vector>

#include "base/status.h"

namespace spotrun::market {

std::vector<std::string_view> SplitFields(std::string_view line);
std::string_view HeaderLine(std::string_view text);
// The rows after the header, one per line (a final newline does not add an empty row).
std::vector<std::string_view> BodyLines(std::string_view text);
// The first row whose first field is `key`, or an empty view.
std::string_view FindRow(std::string_view text, std::string_view key);
// The run of consecutive rows starting at the first row keyed `key` (the file is sorted by its
// first column), without the last newline; empty when there is none.
std::string_view RowBlock(std::string_view text, std::string_view key);
// Whole-field numbers; false when the field is empty or not entirely a number.
bool ParseDouble(std::string_view field, double* out);
bool ParseInt(std::string_view field, int* out);
bool ParseInt64(std::string_view field, long long* out);
// The error for a malformed row of a data file (a build or packaging bug, not a user error).
Status BadRow(std::string_view file, std::string_view row, std::string_view what);

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_TSV_TEXT_H_
