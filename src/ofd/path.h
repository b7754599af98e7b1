// OFD package paths (GB/T 33190-2016 §7.5 ST_Loc): resolving the locations that OFD XML files
// write into one canonical form.
//
// Canonical form: absolute, one leading '/', no empty, "." or ".." segments, '/' separators
// ("/Doc_0/Signs/Sign_0/Signature.xml"). Producers write absolute ("/Doc_0/..."), relative
// ("Doc_0/...", "Sign_0/Signature.xml" relative to the referring file's folder), doubled
// ("//Doc_0/...", easyofd #44) and backslashed forms; all resolve to the same canonical path.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::ofd {

// Resolves `loc` against `base_dir` (a canonical folder, "/" for the package root). Errors:
// ofd.path.empty, ofd.path.escapes_root ("/../x"), ofd.path.bad_char (NUL or control bytes).
Result<std::string> resolve_loc(std::string_view loc, std::string_view base_dir);

// Folder of a canonical path: "/Doc_0/Signs/Signatures.xml" -> "/Doc_0/Signs"; "/OFD.xml" -> "/".
std::string parent_dir(std::string_view canonical_path);

// `canonical_path` relative to the package root, as a zip entry name ("Doc_0/Document.xml").
std::string to_entry_name(std::string_view canonical_path);

}  // namespace gmseal::ofd
