// Linked into a service binary built for a fault test: arms the faults that
// CHRONICLE_TEST_IO_FAULTS describes before main runs (io_faults.h).
#include "tests/faults/io_faults.h"

namespace {

const bool armed = [] {
  chronicle::testing::ArmIoFaultsFromEnvironment();
  return true;
}();

}  // namespace
