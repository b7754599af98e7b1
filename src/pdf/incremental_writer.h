// One incremental update (ISO 32000-1 §7.5.6): new and changed objects appended after the
// original bytes, then a cross-reference section for exactly those objects and a trailer with
// /Prev pointing at the previous section. The original bytes are never touched.
//
// The cross-reference section is a classic table ("xref" + 20-byte entries + trailer) or, when
// the file's last section is a stream, a cross-reference stream (/Type /XRef, /W [1 n 2],
// uncompressed, /Index listing the runs of object numbers, including itself).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "util/bytes.h"

namespace gmseal::pdf {

struct TrailerFields {
  std::string root;  // "1 0 R"
  std::string info;  // "n g R" or empty
  std::string id;    // "[<..><..>]" or empty
  std::uint64_t prev = 0;
};

class IncrementalUpdate {
 public:
  // `base_size`: the original file's length; the update starts with an end-of-line when the
  // original does not end with one. `next_number`: the original trailer's /Size.
  IncrementalUpdate(std::uint64_t base_size, bool base_ends_with_eol, int next_number);

  int allocate() { return next_number_++; }
  // Adds (or replaces) "number generation obj <body> endobj".
  void add_object(int number, int generation, const std::string& body);
  // A stream object: `dict_entries` are the dictionary's entries without << >> and /Length.
  void add_stream(int number, const std::string& dict_entries, ByteView data);

  // Lays out the objects, the cross-reference section and the trailer. Returns the update's
  // bytes; object_offset() then answers for each object (absolute file offsets).
  Bytes finish(const TrailerFields& trailer, bool xref_stream);
  std::uint64_t object_offset(int number) const { return offsets_.at(number); }

 private:
  struct Pending {
    int generation = 0;
    Bytes bytes;  // the whole "n g obj ... endobj\n"
  };
  std::uint64_t base_size_;
  bool base_ends_with_eol_;
  int next_number_;
  std::map<int, Pending> objects_;
  std::map<int, std::uint64_t> offsets_;
};

}  // namespace gmseal::pdf
