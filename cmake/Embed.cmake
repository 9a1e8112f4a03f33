# coop_embed(TARGET_SOURCES_VAR SYMBOL FILE): turns FILE into a C source defining
#   const unsigned char SYMBOL[]; const size_t SYMBOL_len;
# so the binary carries its own copy (the XSD, the ISO code lists) and never reads them at run time
# from a path an attacker or a stale install could change.
function(coop_embed out_var symbol file)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.c")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol}
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake"
    DEPENDS "${file}" "${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake"
    COMMENT "Embedding ${file}")
  set(${out_var} ${${out_var}} "${out}" PARENT_SCOPE)
endfunction()
