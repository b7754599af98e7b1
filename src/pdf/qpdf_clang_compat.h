// Lets clang 14 + libstdc++ 12 in C++20 mode (the fuzz build) compile QPDF 11.3's headers.
//
// qpdf/JSON.hh declares, inside class JSON, a struct with an inline virtual destructor and a
// std::vector<JSON> member while JSON is still incomplete. In C++20 vector's destructor is
// constexpr and clang instantiates it on the spot, which needs the complete type: a hard error.
// gmseal never creates, copies or destroys QPDF's JSON arrays (that code lives inside libqpdf,
// compiled with the real vector), so for clang builds a layout-identical declaration of
// std::vector<JSON> without inline members is enough. GCC builds never see this.
#pragma once

#include <memory>
#include <vector>  // defines __GLIBCXX__ when the library is libstdc++

#if defined(__clang__) && defined(__GLIBCXX__) && __cplusplus >= 202002L

class JSON;

namespace std {
template <>
class vector<JSON, allocator<JSON>> {
 public:
  vector() noexcept = default;
  vector(const vector&);
  vector& operator=(const vector&);
  ~vector();  // defined in libqpdf's own instantiation; never called from gmseal code

 private:
  JSON* begin_ = nullptr;
  JSON* end_ = nullptr;
  JSON* capacity_end_ = nullptr;
};
}  // namespace std
#endif
