# Helpers shared by every folder's CMakeLists.txt.
# fedplan_test(NAME SOURCES ... LIBS ... [LABELS ...] [COST N]): a doctest binary whose cases each
# become a ctest test; COST (ctest's) starts a long one early in a run without timing data.
include(/usr/lib/cmake/doctest/doctest.cmake)

# The doctest main, built once and linked into every unit-test binary.
add_library(fedplan_doctest_main STATIC ${PROJECT_SOURCE_DIR}/cmake/doctest_main.cc)
target_link_libraries(fedplan_doctest_main PUBLIC doctest::doctest)

function(fedplan_test name)
  cmake_parse_arguments(T "" "COST" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE fedplan_doctest_main ${T_LIBS})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  # Exit code 77 is a skip: a test that needs what this machine cannot give (a network
  # namespace, root) says so and exits 77.
  set(cost)
  if(T_COST)
    set(cost COST ${T_COST})
  endif()
  doctest_discover_tests(${name} TEST_PREFIX "${name}: "
    PROPERTIES LABELS "${T_LABELS}" SKIP_RETURN_CODE 77 ${cost}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

# Test code (every target named *_test, *_testing, *_live, fedplan_e2e_support,
# fedplan_doctest_main, fedplan_etcd_lock_holder) compiles at -O0: the optimiser is half of the
# build's CPU time, and test code runs once per build. The code under test, the binaries the
# tests start (fedplan, fedplan-sandbox) and the benchmarks keep the build type's flags.
# -DFEDPLAN_OPTIMIZE_TESTS=ON compiles the tests like the rest.
option(FEDPLAN_OPTIMIZE_TESTS "Compile test code with the build type's optimisation" OFF)
#
# The same walk gives that test code one precompiled header (doctest, nlohmann/json and the
# standard headers most tests include; FEDPLAN_TEST_PCH_HEADERS): built once by
# fedplan_test_pch, reused by every doctest binary linking fedplan_doctest_main (REUSE_FROM
# needs the same flags, which all test code has). Not for the test libraries: a force-included
# doctest.h registers with doctest, which a program without doctest's main (a benchmark linking
# a *_testing library) cannot link; nor for a binary with its own doctest main, whose
# DOCTEST_CONFIG_IMPLEMENT it would come after. -DFEDPLAN_TEST_PCH=OFF compiles without it.
option(FEDPLAN_TEST_PCH "One precompiled header for all test code" ON)
set(FEDPLAN_TEST_PCH_HEADERS
  <doctest/doctest.h> <nlohmann/json.hpp>
  <algorithm> <atomic> <chrono> <condition_variable> <cstdint> <cstdio> <cstdlib> <filesystem>
  <fstream> <functional> <map> <memory> <mutex> <optional> <random> <set> <sstream> <stdexcept>
  <string> <string_view> <thread> <unordered_map> <utility> <variant> <vector>
  <fcntl.h> <signal.h> <sys/stat.h> <sys/wait.h> <unistd.h>
  "${PROJECT_SOURCE_DIR}/base/diagnostics.h" "${PROJECT_SOURCE_DIR}/lang/value.h")
if(FEDPLAN_TEST_PCH)
  add_library(fedplan_test_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/test_pch.cc)
  target_link_libraries(fedplan_test_pch PRIVATE doctest::doctest nlohmann_json::nlohmann_json)
  target_precompile_headers(fedplan_test_pch PRIVATE ${FEDPLAN_TEST_PCH_HEADERS})
endif()
function(fedplan_unoptimized_test_code dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t ${targets})
    if(NOT t MATCHES "(_test|_testing|_live)$|^fedplan_(e2e_support|doctest_main|etcd_lock_holder|test_pch)$")
      continue()
    endif()
    if(NOT FEDPLAN_OPTIMIZE_TESTS)
      target_compile_options(${t} PRIVATE $<$<CONFIG:RelWithDebInfo,Release,MinSizeRel>:-O0>)
    endif()
    get_target_property(type ${t} TYPE)
    get_target_property(libs ${t} LINK_LIBRARIES)
    if(FEDPLAN_TEST_PCH AND type STREQUAL "EXECUTABLE" AND fedplan_doctest_main IN_LIST libs)
      target_precompile_headers(${t} REUSE_FROM fedplan_test_pch)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    fedplan_unoptimized_test_code(${sub})
  endforeach()
endfunction()
