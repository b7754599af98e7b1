// Escaping text for XML (OFD packages) and HTML (the server's pages): character data and
// attribute values in double or single quotes.
#pragma once

#include <string>
#include <string_view>

namespace gmseal {

// & < > " ' as entities (&amp; &lt; &gt; &quot; &apos;), everything else as is.
std::string escape_markup(std::string_view text);

}  // namespace gmseal
