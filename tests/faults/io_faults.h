// Deterministic I/O faults for tests: the nth write, sync or read of a file
// under a chosen directory fails with a chosen errno, once.
//
// A test executable that links this library replaces the C library's write,
// pwrite, pwrite64, read, pread, pread64, fsync and fdatasync with versions
// that count the calls on files under the armed directory and fail the chosen
// one; every other call goes to the real function. Since the executable's symbols come first, this
// reaches the calls that libraries such as Xapian and SQLite make, without
// LD_PRELOAD and without root. Sweeping `nth` from 1 until no call fails
// visits every write (or sync, or read) of an operation in turn, the way
// SQLite's own I/O-error tests do.
//
// The state is process-wide because the C library's functions have no other
// place for it; arm and disarm from the test's thread.
#ifndef CHRONICLE_TESTS_FAULTS_IO_FAULTS_H_
#define CHRONICLE_TESTS_FAULTS_IO_FAULTS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace chronicle::testing {

enum class IoCall { kWrite, kSync, kRead };

// Fails the `nth` (from 1) call of kind `call` on a file under `directory`
// with `error` (EIO, ENOSPC, ...); later calls succeed again. Counting starts
// anew at each Arm.
void ArmIoFault(const std::string& directory, IoCall call, int nth, int error);

// Fails each call of the kinds in `calls` on a file under `directory` with
// probability `probability`, drawn from a generator seeded with `seed`:
// writes with EIO or ENOSPC, reads and syncs with EIO.
void ArmRandomIoFaults(const std::string& directory, const std::vector<IoCall>& calls, double probability,
                       uint64_t seed);

// Arms random faults from the environment variable CHRONICLE_TEST_IO_FAULTS,
// "DIRECTORY:PROBABILITY:SEED" (writes and syncs), if it is set; for a
// service binary built with faults for a test (tests/integration).
void ArmIoFaultsFromEnvironment();

// Stops counting and failing.
void DisarmIoFault();

// Whether the armed fault has fired since ArmIoFault.
bool IoFaultFired();

// Calls of the armed kind counted since ArmIoFault.
int IoCallsCounted();

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_FAULTS_IO_FAULTS_H_
