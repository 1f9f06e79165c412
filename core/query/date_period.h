// Dates as people type them in requests: "2019", "2019-06", "2019-06-30" or an
// RFC 3339 instant, each read as the period it names.
#ifndef CHRONICLE_CORE_QUERY_DATE_PERIOD_H_
#define CHRONICLE_CORE_QUERY_DATE_PERIOD_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace chronicle::query {

// Half-open [start, end) in UTC.
struct DatePeriod {
  absl::Time start;
  absl::Time end;
};

// Errors: INVALID_ARGUMENT naming `field` with the accepted forms.
absl::StatusOr<DatePeriod> ParseDatePeriod(absl::string_view text, absl::string_view field);

// The span from the start of `from` to the end of `until`; either text may be
// empty for an open end. Errors as above, and when the range is reversed.
absl::StatusOr<DatePeriod> ParseDateRange(absl::string_view from, absl::string_view from_field,
                                          absl::string_view until, absl::string_view until_field);

}  // namespace chronicle::query

#endif  // CHRONICLE_CORE_QUERY_DATE_PERIOD_H_
