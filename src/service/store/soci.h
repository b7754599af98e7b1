// Includes SOCI without its optional Boost integration.
//
// Debian builds SOCI with SOCI_HAVE_BOOST, which makes <soci/soci.h> include Boost.Fusion
// headers; gmseal uses none of SOCI's Boost type conversions (they are header-only), so the
// macro is dropped rather than pulling in all of Boost.
#pragma once

#include <soci/soci-config.h>
#undef SOCI_HAVE_BOOST
#undef SOCI_HAVE_BOOST_DATE_TIME
#include <soci/soci.h>
