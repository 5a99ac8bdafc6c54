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
