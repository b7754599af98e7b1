# Writes OUTPUT: a C++ source defining gmseal::validate::internal::kEmbeddedRegionCodes, the text
# of INPUT (a UTF-8 TSV) as a raw string literal.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT}.tmp
  "// Generated from data/region-codes/gb2260.tsv by embed_region_codes.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace gmseal::validate::internal {\n"
  "extern const std::string_view kEmbeddedRegionCodes;\n"
  "const std::string_view kEmbeddedRegionCodes = R\"gmsealregions(${content})gmsealregions\";\n"
  "}  // namespace gmseal::validate::internal\n")
# Copy only when changed, so that re-running the configure step does not force a rebuild.
configure_file(${OUTPUT}.tmp ${OUTPUT} COPYONLY)
