# Fails when a doctest TEST_CASE name holds a ';': ctest's discovery splits such a name into
# two tests whose filters match nothing, so neither runs the case and both pass.
# Run: cmake -DSOURCE_DIR=... -P cmake/check_test_names.cmake (ctest runs it as test_names).
set(sources "")
foreach(folder base lang providers state sandbox engine cli tests)
  file(GLOB_RECURSE found RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/${folder}/*_test.cc)
  list(APPEND sources ${found})
endforeach()
set(bad "")
foreach(f ${sources})
  file(READ ${SOURCE_DIR}/${f} text)
  string(REGEX MATCHALL "TEST_CASE\\([ \t\r\n]*(\"[^\"]*\"[ \t\r\n]*)+\\)" cases "${text}")
  foreach(c ${cases})
    # MATCHALL's result is a list, so a ';' in a name shows up as a split element.
    if(NOT c MATCHES "\\)$")
      list(APPEND bad "${f}: ${c}")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "TEST_CASE names must not contain ';' (ctest would split them):\n${bad}")
endif()
list(LENGTH sources n)
message(STATUS "test names: ${n} files checked")
