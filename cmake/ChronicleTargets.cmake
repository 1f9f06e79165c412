# Small helpers so that every component, test and benchmark is declared the same way.

# chronicle_test(NAME name SOURCES a_test.cc ... DEPS lib ...)
# One GoogleTest binary per component; each TEST becomes its own CTest entry.
function(chronicle_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}"
    ENVIRONMENT "CHRONICLE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# chronicle_benchmark(NAME name SOURCES a_bench.cc ... DEPS lib ...)
function(chronicle_benchmark)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()
