# Helpers shared by every folder's CMakeLists.txt.
# fedplan_test(NAME SOURCES ... LIBS ...): a doctest binary whose cases each become a ctest test.
include(/usr/lib/cmake/doctest/doctest.cmake)

# The doctest main, built once and linked into every unit-test binary.
add_library(fedplan_doctest_main STATIC ${PROJECT_SOURCE_DIR}/cmake/doctest_main.cc)
target_link_libraries(fedplan_doctest_main PUBLIC doctest::doctest)

function(fedplan_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE fedplan_doctest_main ${T_LIBS})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  # Exit code 77 is a skip: a test that needs what this machine cannot give (a network
  # namespace, root) says so and exits 77.
  doctest_discover_tests(${name} TEST_PREFIX "${name}: "
    PROPERTIES LABELS "${T_LABELS}" SKIP_RETURN_CODE 77
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

# Test code (every target named *_test, *_testing, *_live, fedplan_e2e_support,
# fedplan_doctest_main, fedplan_etcd_lock_holder) compiles at -O0: the optimiser is half of the
# build's CPU time, and test code runs once per build. The code under test, the binaries the
# tests start (fedplan, fedplan-sandbox) and the benchmarks keep the build type's flags.
# -DFEDPLAN_OPTIMIZE_TESTS=ON compiles the tests like the rest.
option(FEDPLAN_OPTIMIZE_TESTS "Compile test code with the build type's optimisation" OFF)
function(fedplan_unoptimized_test_code dir)
  if(FEDPLAN_OPTIMIZE_TESTS)
    return()
  endif()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t ${targets})
    if(t MATCHES "(_test|_testing|_live)$|^fedplan_(e2e_support|doctest_main|etcd_lock_holder)$")
      target_compile_options(${t} PRIVATE $<$<CONFIG:RelWithDebInfo,Release,MinSizeRel>:-O0>)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    fedplan_unoptimized_test_code(${sub})
  endforeach()
endfunction()
