# tocsin_library(NAME n SRCS ... [HDRS ...] DEPS ...)
#   Builds static library tocsin_<n> with alias tocsin::<n>, include root src/.
#   Header-only modules pass no SRCS (an INTERFACE library).
# tocsin_test(NAME n SRCS ... DEPS ... [RESOURCE_LOCK lock] [LABELS ...])
#   Builds one GoogleTest binary and registers its tests with
#   gtest_discover_tests(DISCOVERY_MODE PRE_TEST).
# tocsin_benchmark(NAME n SRCS ... DEPS ...)
#   Builds a Google Benchmark binary; never run by ctest.
include(GoogleTest OPTIONAL)

set(TOCSIN_SRC_ROOT ${PROJECT_SOURCE_DIR}/src)

function(tocsin_library)
  cmake_parse_arguments(T "" "NAME" "SRCS;HDRS;DEPS" ${ARGN})
  set(target tocsin_${T_NAME})
  if(T_SRCS)
    add_library(${target} STATIC ${T_SRCS} ${T_HDRS})
    target_include_directories(${target} PUBLIC ${TOCSIN_SRC_ROOT})
    target_compile_options(${target} PRIVATE ${TOCSIN_WARNINGS})
    target_link_libraries(${target} PUBLIC ${T_DEPS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${TOCSIN_SRC_ROOT})
    target_link_libraries(${target} INTERFACE ${T_DEPS})
  endif()
  add_library(tocsin::${T_NAME} ALIAS ${target})
endfunction()

function(tocsin_test)
  if(NOT BUILD_TESTING OR TOCSIN_FUZZ)
    return()
  endif()
  cmake_parse_arguments(T "" "NAME;RESOURCE_LOCK;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SRCS})
  target_include_directories(${T_NAME} PRIVATE ${TOCSIN_SRC_ROOT})
  target_compile_options(${T_NAME} PRIVATE ${TOCSIN_WARNINGS})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPS} GTest::gmock GTest::gtest_main)
  set(props "")
  if(T_RESOURCE_LOCK)
    list(APPEND props RESOURCE_LOCK ${T_RESOURCE_LOCK})
  endif()
  if(T_LABELS)
    list(APPEND props LABELS "${T_LABELS}")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  list(APPEND props TIMEOUT ${T_TIMEOUT})
  gtest_discover_tests(${T_NAME}
    DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ${props}
    # Two single-valued properties: a ';' inside one property value does not
    # survive gtest_discover_tests (it splits the property list).
    ENVIRONMENT "TOCSIN_BINARY_DIR=${PROJECT_BINARY_DIR}"
    ENVIRONMENT_MODIFICATION "TOCSIN_SOURCE_DIR=set:${PROJECT_SOURCE_DIR}")
endfunction()

function(tocsin_benchmark)
  if(NOT BUILD_TESTING OR TOCSIN_FUZZ)
    return()
  endif()
  cmake_parse_arguments(T "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${T_NAME} ${T_SRCS})
  target_include_directories(${T_NAME} PRIVATE ${TOCSIN_SRC_ROOT})
  target_compile_options(${T_NAME} PRIVATE ${TOCSIN_WARNINGS})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPS} benchmark::benchmark_main)
endfunction()
