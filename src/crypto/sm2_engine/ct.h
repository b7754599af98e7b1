// Marks values derived from secrets as public once they are (r and s of a signature, the verdict
// that a candidate nonce is in range). Normally a no-op; the constant-time check (scripts/ct-check)
// builds with GMSEAL_CT_VALGRIND so that valgrind stops tracking them as secret.
#pragma once

#ifdef GMSEAL_CT_VALGRIND
#include <valgrind/memcheck.h>
#define GMSEAL_CT_DECLASSIFY(ptr, size) VALGRIND_MAKE_MEM_DEFINED((ptr), (size))
#define GMSEAL_CT_CLASSIFY(ptr, size) VALGRIND_MAKE_MEM_UNDEFINED((ptr), (size))
#else
#define GMSEAL_CT_DECLASSIFY(ptr, size) ((void)(ptr), (void)(size))
#define GMSEAL_CT_CLASSIFY(ptr, size) ((void)(ptr), (void)(size))
#endif
