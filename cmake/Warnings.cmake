# One interface target carries the warning set, so every target of ours gets the same flags and the
# libraries we link never see them.
add_library(coop_warnings INTERFACE)
target_compile_options(coop_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
  -Wundef -Wwrite-strings -Wpointer-arith -Wvla -Wnull-dereference)
if(COOP_WERROR)
  target_compile_options(coop_warnings INTERFACE -Werror)
endif()
