# Helpers that give every module, test binary and fuzz target the same shape.

add_library(meridian_warnings INTERFACE)
target_compile_options(meridian_warnings INTERFACE -Wall -Wextra -Wpedantic
  $<$<BOOL:${MERIDIAN_WERROR}>:-Werror>
  # GCC 12 at -O2/-O3 reports false out-of-bounds accesses inside libstdc++'s own
  # std::vector insert/fill (GCC bugs 100366, 107138); they are not in our code.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread>)

set(MERIDIAN_MODULES "" CACHE INTERNAL "modules declared so far, in dependency order")

# meridian_module(<name> [DEPENDS <module>...] [PUBLIC_LIBS <lib>...] [PRIVATE_LIBS <lib>...])
#
# Builds lib/<name>/*.cpp into meridian_<name> (alias meridian::<name>) with
# headers under include/meridian/<name>/. A module may depend only on modules
# declared before it, which is how the module graph stays a DAG: an edge that
# would close a cycle fails at configure time.
function(meridian_module name)
  cmake_parse_arguments(M "" "" "DEPENDS;PUBLIC_DEPENDS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  foreach(dep IN LISTS M_DEPENDS M_PUBLIC_DEPENDS)
    if(NOT dep IN_LIST MERIDIAN_MODULES)
      message(FATAL_ERROR "module '${name}' depends on '${dep}', which is not declared before it "
                          "in lib/CMakeLists.txt: module dependencies must form a DAG")
    endif()
  endforeach()
  # Procedures may live in subfolders (lib/amf/procedures/): one file per procedure.
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/lib/${name}/*.cpp)
  add_library(meridian_${name} STATIC ${srcs})
  add_library(meridian::${name} ALIAS meridian_${name})
  target_include_directories(meridian_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/lib/${name})
  list(TRANSFORM M_DEPENDS PREPEND meridian_)
  list(TRANSFORM M_PUBLIC_DEPENDS PREPEND meridian_)
  target_link_libraries(meridian_${name}
    PUBLIC ${M_PUBLIC_DEPENDS} ${M_PUBLIC_LIBS}
    PRIVATE ${M_DEPENDS} ${M_PRIVATE_LIBS} meridian_warnings)
  set(MERIDIAN_MODULES ${MERIDIAN_MODULES} ${name} CACHE INTERNAL "")
endfunction()

# meridian_interface_module(<name> [PUBLIC_DEPENDS <module>...] [PUBLIC_LIBS <lib>...])
#
# A header-only module: an INTERFACE library meridian_<name> (alias
# meridian::<name>) with no lib/<name>/ sources, for the NFs' service
# interfaces (include/meridian/<nf>/<nf>_service.hpp), which declare
# operations and types but implement nothing. Same DAG rule as meridian_module:
# it may depend only on modules declared before it.
function(meridian_interface_module name)
  cmake_parse_arguments(M "" "" "PUBLIC_DEPENDS;PUBLIC_LIBS" ${ARGN})
  foreach(dep IN LISTS M_PUBLIC_DEPENDS)
    if(NOT dep IN_LIST MERIDIAN_MODULES)
      message(FATAL_ERROR "module '${name}' depends on '${dep}', which is not declared before it "
                          "in lib/CMakeLists.txt: module dependencies must form a DAG")
    endif()
  endforeach()
  add_library(meridian_${name} INTERFACE)
  add_library(meridian::${name} ALIAS meridian_${name})
  target_include_directories(meridian_${name} INTERFACE ${PROJECT_SOURCE_DIR}/include)
  list(TRANSFORM M_PUBLIC_DEPENDS PREPEND meridian_)
  target_link_libraries(meridian_${name} INTERFACE ${M_PUBLIC_DEPENDS} ${M_PUBLIC_LIBS})
  set(MERIDIAN_MODULES ${MERIDIAN_MODULES} ${name} CACHE INTERNAL "")
endfunction()

# meridian_unit_tests(<module> LABELS <label>... [LIBS <lib>...])
#
# One GoogleTest binary per module from tests/unit/<module>/*.cpp; every test
# case becomes a ctest test carrying the given labels.
function(meridian_unit_tests module)
  cmake_parse_arguments(T "" "" "LABELS;LIBS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/${module}/*.cpp)
  if(NOT srcs)
    message(WARNING "module '${module}' has no unit tests yet (tests/unit/${module}/*.cpp)")
    return()
  endif()
  set(target ${module}_unit_tests)
  add_executable(${target} ${srcs})
  target_link_libraries(${target} PRIVATE meridian::${module} ${T_LIBS}
    GTest::gtest GTest::gtest_main meridian_warnings)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit)
  target_compile_definitions(${target} PRIVATE
    MERIDIAN_TEST_VECTORS_DIR="${PROJECT_SOURCE_DIR}/tests/vectors"
    MERIDIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${target}
    TEST_PREFIX "${module}."
    DISCOVERY_MODE PRE_TEST)
  # gtest_discover_tests flattens a list passed as a property value, so labels
  # go on the directory instead: every test defined under it carries them.
  set_property(DIRECTORY APPEND PROPERTY LABELS ${T_LABELS})
endfunction()

# meridian_fuzz_target(<name> LIBS <lib>...)
#
# tests/fuzz/<name>/fuzz.cpp defines LLVMFuzzerTestOneInput. With MERIDIAN_FUZZ
# (clang, fuzz preset) it becomes a libFuzzer binary fuzz_<name>. In every build
# a ctest case 'fuzz_regress.<name>' replays tests/fuzz/<name>/corpus/ through
# the target, so each input that ever crashed stays a regression test.
function(meridian_fuzz_target name)
  cmake_parse_arguments(F "" "" "LIBS" ${ARGN})
  set(dir ${PROJECT_SOURCE_DIR}/tests/fuzz/${name})
  if(MERIDIAN_FUZZ)
    add_executable(fuzz_${name} ${dir}/fuzz.cpp)
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    set(replay fuzz_${name} -runs=0 ${dir}/corpus)
  else()
    add_executable(fuzz_${name} ${dir}/fuzz.cpp ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
    set(replay fuzz_${name} ${dir}/corpus)
  endif()
  target_link_libraries(fuzz_${name} PRIVATE ${F_LIBS} meridian_warnings)
  add_test(NAME fuzz_regress.${name} COMMAND ${replay})
  set_tests_properties(fuzz_regress.${name} PROPERTIES LABELS fuzz-regress)
endfunction()
