// A test helper that appends raw incremental updates to a PDF, the way an attacker (or a
// careless tool) would: any objects, an xref table, an xref stream or no cross-reference section
// at all, /Prev right, missing or pointing elsewhere, any /Root. Nothing is checked; the point is
// to build the files the verifier must see through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/bytes.h"

namespace gmseal::pdf::testing {

struct RawObject {
  int number = 0;
  int generation = 0;
  std::string body;  // what goes between "n g obj" and "endobj" (a stream with its keywords)
};

// A stream object's body: "<<dict_entries /Length n>>\nstream\n<data>\nendstream".
std::string stream_body(const std::string& dict_entries, const std::string& data);

enum class XrefKind { kTable, kStream, kNone };  // kNone: a bare trailer and no xref at all
enum class PrevKind { kLast, kMissing, kGiven };

struct RawUpdate {
  std::vector<RawObject> objects;
  XrefKind xref = XrefKind::kTable;
  PrevKind prev = PrevKind::kLast;
  std::uint64_t prev_offset = 0;  // kGiven
  std::string root;               // "n g R"; empty = the file's current /Root
  std::string info;               // "n g R"; empty = the file's current /Info, if it has one
  std::vector<int> freed;         // object numbers listed as free (generation + 1)
  // The xref also lists every object of the file so far at its current offset, as a tool that
  // rewrites the whole cross-reference would (with PrevKind::kMissing the last revision then
  // reads on its own). Table and stream xrefs only; objects in object streams are not listed.
  bool list_every_object = false;
  // Xref streams only: objects listed as compressed (type 2), in slot `index` of object stream
  // `stream`, whatever that stream holds (malformed files list a stream inside itself).
  struct Compressed {
    int number = 0;
    int stream = 0;
    int index = 0;
  };
  std::vector<Compressed> compressed;
};

// `pdf` followed by the update. An xref stream takes the next free object number.
Bytes append_update(const Bytes& pdf, const RawUpdate& update);

// Facts about the document as QPDF reads it (the whole file).
struct PdfFacts {
  int size = 0;                 // the trailer's /Size
  std::string root;             // "n g R"
  std::string info;             // "n g R", empty when the trailer has no /Info
  std::uint64_t startxref = 0;  // the last startxref
  std::vector<int> pages;       // page object numbers, in order
};
PdfFacts pdf_facts(const Bytes& pdf);
// The object `number` (generation 0) as QPDF unparses it (streams: the dictionary only).
std::string object_text(const Bytes& pdf, int number);
// The number of the object reached from page `page` (1-based) through the dictionary keys
// `path`, e.g. {"/Resources", "/Font", "/F1"}.
int page_ref(const Bytes& pdf, int page, const std::vector<std::string>& path);

}  // namespace gmseal::pdf::testing
