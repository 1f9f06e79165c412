# Small helpers so that every component, test and benchmark is declared the same way.

# chronicle_test(NAME name SOURCES a_test.cc ... DEPS lib ...)
# One GoogleTest binary per component; each TEST becomes its own CTest entry.
function(chronicle_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS;FIXTURES" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  # PROPERTIES is a flat key/value list: an empty LABELS value would shift
  # every later pair, so labels are only named when there are some.
  # A test that calls GTEST_SKIP (a server binary or a browser missing, not
  # root) exits 0; the regular expression matches GoogleTest's "[  SKIPPED ]"
  # line (plain characters: brackets would make a character class), so that
  # CTest lists it as skipped rather than passed.
  set(properties TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "CHRONICLE_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
                 SKIP_REGULAR_EXPRESSION "  SKIPPED ")
  if(ARG_LABELS)
    list(APPEND properties LABELS "${ARG_LABELS}")
  endif()
  # Servers the tests need, started by CTest fixtures (tests/support).
  if(ARG_FIXTURES)
    list(APPEND properties FIXTURES_REQUIRED "${ARG_FIXTURES}")
  endif()
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES ${properties})
endfunction()

# chronicle_benchmark(NAME name SOURCES a_bench.cc ... DEPS lib ...)
function(chronicle_benchmark)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()
