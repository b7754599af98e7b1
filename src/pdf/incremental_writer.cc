#include "pdf/incremental_writer.h"

#include <cstdio>
#include <vector>

namespace gmseal::pdf {

namespace {

void append(Bytes& out, const std::string& text) {
  out.insert(out.end(), text.begin(), text.end());
}

// Runs of consecutive object numbers: {first, count}.
std::vector<std::pair<int, int>> runs_of(const std::vector<int>& numbers) {
  std::vector<std::pair<int, int>> runs;
  for (const int n : numbers) {
    if (!runs.empty() && runs.back().first + runs.back().second == n) {
      ++runs.back().second;
    } else {
      runs.emplace_back(n, 1);
    }
  }
  return runs;
}

std::string trailer_entries(const TrailerFields& t, int size) {
  std::string s = "/Size " + std::to_string(size) + " /Root " + t.root;
  if (!t.info.empty()) s += " /Info " + t.info;
  if (!t.id.empty()) s += " /ID " + t.id;
  s += " /Prev " + std::to_string(t.prev);
  return s;
}

}  // namespace

IncrementalUpdate::IncrementalUpdate(std::uint64_t base_size, bool base_ends_with_eol,
                                     int next_number)
    : base_size_(base_size), base_ends_with_eol_(base_ends_with_eol), next_number_(next_number) {}

void IncrementalUpdate::add_object(int number, int generation, const std::string& body) {
  Pending p;
  p.generation = generation;
  append(p.bytes, std::to_string(number) + " " + std::to_string(generation) + " obj\n" + body +
                      "\nendobj\n");
  objects_[number] = std::move(p);
}

void IncrementalUpdate::add_stream(int number, const std::string& dict_entries, ByteView data) {
  Pending p;
  append(p.bytes, std::to_string(number) + " 0 obj\n<<" + dict_entries + " /Length " +
                      std::to_string(data.size()) + ">>\nstream\n");
  p.bytes.insert(p.bytes.end(), data.begin(), data.end());
  append(p.bytes, "\nendstream\nendobj\n");
  objects_[number] = std::move(p);
}

Bytes IncrementalUpdate::finish(const TrailerFields& trailer, bool xref_stream) {
  Bytes out;
  if (!base_ends_with_eol_) out.push_back('\n');
  offsets_.clear();
  for (const auto& [number, pending] : objects_) {
    offsets_[number] = base_size_ + out.size();
    out.insert(out.end(), pending.bytes.begin(), pending.bytes.end());
  }
  const std::uint64_t xref_offset = base_size_ + out.size();
  if (!xref_stream) {
    std::vector<int> numbers;
    for (const auto& [number, pending] : objects_) numbers.push_back(number);
    append(out, "xref\n");
    for (const auto& [first, count] : runs_of(numbers)) {
      append(out, std::to_string(first) + " " + std::to_string(count) + "\n");
      for (int n = first; n < first + count; ++n) {
        char entry[32];
        std::snprintf(entry, sizeof entry, "%010llu %05d n\r\n",
                      static_cast<unsigned long long>(offsets_[n]), objects_[n].generation);
        append(out, entry);
      }
    }
    append(out, "trailer\n<<" + trailer_entries(trailer, next_number_) + ">>\n");
  } else {
    const int self = next_number_++;
    offsets_[self] = xref_offset;
    std::vector<int> numbers;
    for (const auto& [number, offset] : offsets_) numbers.push_back(number);
    int width = 4;
    while (width < 8 && (xref_offset >> (8 * width)) != 0) ++width;
    Bytes rows;
    std::string index;
    for (const auto& [first, count] : runs_of(numbers)) {
      index += (index.empty() ? "" : " ") + std::to_string(first) + " " + std::to_string(count);
      for (int n = first; n < first + count; ++n) {
        rows.push_back(1);
        for (int b = width - 1; b >= 0; --b)
          rows.push_back(static_cast<std::uint8_t>(offsets_[n] >> (8 * b)));
        const int gen = n == self ? 0 : objects_[n].generation;
        rows.push_back(static_cast<std::uint8_t>(gen >> 8));
        rows.push_back(static_cast<std::uint8_t>(gen & 0xff));
      }
    }
    append(out, std::to_string(self) + " 0 obj\n<</Type /XRef " +
                    trailer_entries(trailer, next_number_) + " /W [1 " + std::to_string(width) +
                    " 2] /Index [" + index + "] /Length " + std::to_string(rows.size()) +
                    ">>\nstream\n");
    out.insert(out.end(), rows.begin(), rows.end());
    append(out, "\nendstream\nendobj\n");
  }
  append(out, "startxref\n" + std::to_string(xref_offset) + "\n%%EOF\n");
  return out;
}

}  // namespace gmseal::pdf
