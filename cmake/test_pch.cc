// The owner of the test code's precompiled header (fedplan_test_pch in cmake/fedplan.cmake):
// the header is built once with this target's flags, and every test target reuses it.
