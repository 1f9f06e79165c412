// Early-return helpers for absl::Status and absl::StatusOr.
//
// Debian 12's Abseil (20220623) ships no status macros, so the project defines
// its own, once, here.
#ifndef CHRONICLE_CORE_COMMON_STATUS_MACROS_H_
#define CHRONICLE_CORE_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CHRONICLE_STATUS_CONCAT_INNER_(a, b) a##b
#define CHRONICLE_STATUS_CONCAT_(a, b) CHRONICLE_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function
// when it is not OK.
#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::absl::Status chronicle_status_ = (expr);     \
    if (!chronicle_status_.ok()) return chronicle_status_; \
  } while (false)

// ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>); on error
// returns its status, otherwise moves the value into `lhs`, which may declare a
// new variable: ASSIGN_OR_RETURN(auto rows, store.Read(...));
#define ASSIGN_OR_RETURN(lhs, expr) \
  CHRONICLE_ASSIGN_OR_RETURN_IMPL_( \
      CHRONICLE_STATUS_CONCAT_(chronicle_statusor_, __LINE__), lhs, expr)

#define CHRONICLE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) return std::move(statusor).status();    \
  lhs = *std::move(statusor)

#endif  // CHRONICLE_CORE_COMMON_STATUS_MACROS_H_
