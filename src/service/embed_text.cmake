# gmseal_embed_text(TARGET FILE FUNCTION): adds to TARGET a generated source defining
#   std::string_view FUNCTION()   (namespace gmseal::embedded)
# that returns FILE's text, read at configure time (re-read when FILE changes).
function(gmseal_embed_text target file function)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} GMSEAL_EMBEDDED_TEXT)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${function}.cc)
  file(CONFIGURE OUTPUT ${out} CONTENT
"// Generated from ${file} by gmseal_embed_text; do not edit.
#include <string_view>
namespace gmseal::embedded {
std::string_view ${function}() {
  static constexpr std::string_view text = R\"gmsealtext(@GMSEAL_EMBEDDED_TEXT@)gmsealtext\";
  return text;
}
}  // namespace gmseal::embedded
" @ONLY)
  target_sources(${target} PRIVATE ${out})
endfunction()
