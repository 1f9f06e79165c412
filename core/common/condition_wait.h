// Waiting on a std::condition_variable until an absl::Time deadline.
//
// Chronicle synchronises with std::mutex and std::condition_variable rather
// than absl::Mutex: Debian's Abseil is built without ThreadSanitizer
// annotations, so TSan cannot see absl::Mutex and would report every access
// it guards as a race. pthread-based primitives are intercepted by TSan.
#ifndef CHRONICLE_CORE_COMMON_CONDITION_WAIT_H_
#define CHRONICLE_CORE_COMMON_CONDITION_WAIT_H_

#include <condition_variable>
#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace chronicle {

// Waits on `cv` (with `lock` held) until `ready()` is true or `deadline`
// passes, and returns ready(). absl::InfiniteFuture() waits without a timeout;
// a deadline already past only checks.
template <typename Predicate>
bool WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, absl::Time deadline,
               Predicate ready) {
  if (deadline == absl::InfiniteFuture()) {
    cv.wait(lock, ready);
    return true;
  }
  if (deadline <= absl::Now()) return ready();
  return cv.wait_until(lock, absl::ToChronoTime(deadline), ready);
}

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_CONDITION_WAIT_H_
