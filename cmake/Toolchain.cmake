# Compiler launcher and linker. ccache keeps its directory outside the clone
# (CCACHE_DIR, default ~/.cache/ccache); mold links when installed.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

find_program(MOLD_PROGRAM mold)
if(MOLD_PROGRAM)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_link_options(-fuse-ld=mold)
  elseif(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_link_options(-fuse-ld=mold)
  endif()
endif()

# Warning set applied to every tocsin target by tocsin_library/test/benchmark.
set(TOCSIN_WARNINGS -Wall -Wextra -Wpedantic -Wno-unused-parameter)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 false positives (documented in docs/build.md):
  #  -Wmaybe-uninitialized: fires inside std::optional/variant at -O2 (GCC PR 105593, 107138).
  #  -Wdangling-reference is not in g++ 12; nothing to disable.
  #  -Warray-bounds / -Wstringop-overflow / -Wstringop-overread: fire inside
  #   std::string/std::vector inlining at -O2 (GCC PR 105329, 106199, 107852).
  #  -Wrestrict: std::string operator+ at -O2 (GCC PR 105329).
  list(APPEND TOCSIN_WARNINGS -Wno-maybe-uninitialized -Wno-array-bounds
       -Wno-stringop-overflow -Wno-stringop-overread -Wno-restrict)
endif()
if(TOCSIN_WERROR)
  list(APPEND TOCSIN_WARNINGS -Werror)
endif()
