# Writes a binary file as a C header holding one aligned byte array and its size:
#   cmake -DINPUT=file.fatbin -DOUTPUT=file.h -DNAME=symbol [-DNUL_TERMINATE=ON] -P embed_binary.cmake
# gives `static const unsigned char symbol[]` and `static const size_t symbol_size` (the
# file's size; with NUL_TERMINATE the array has one more byte, 0, as PTX text needs).
# Used for device code compiled at build time, so no binary is ever committed.
file(READ "${INPUT}" hex HEX)
if(NUL_TERMINATE)
  set(terminator "0x00,")
else()
  set(terminator "")
endif()
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
# 16 bytes per line keeps the header readable.
string(REPEAT "[0-9a-f]" 32 line_pattern)
string(REGEX REPLACE "(${line_pattern})" "\\1\n" hex "${hex}")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REPLACE "\n" "\n  " bytes "${bytes}")
file(WRITE "${OUTPUT}"
  "/* Generated from ${INPUT} by embed_binary.cmake; do not edit. */\n"
  "#include <stddef.h>\n"
  "_Alignas(64) static const unsigned char ${NAME}[] = {\n  ${bytes}${terminator}\n};\n"
  "static const size_t ${NAME}_size = ${byte_count};\n")
