#ifndef TOCSIN_TSDB_CHUNK_H_
#define TOCSIN_TSDB_CHUNK_H_

// XOR chunk: a compressed run of (timestamp, float) samples, as Prometheus'
// chunkenc XOR chunk (Facebook's Gorilla encoding).
//
// Layout (a bit stream, most significant bit first):
//   bytes 0-1  sample count, big endian
//   sample 0   t as a zigzag varint, then the 64 value bits
//   sample 1   t delta as an unsigned varint, then the value XOR-encoded
//   sample n>1 delta-of-delta of t in a bucket:
//                '0'                       dod == 0
//                '10'   + 14 bits          dod in [-8191, 8192]
//                '110'  + 17 bits          dod in [-65535, 65536]
//                '1110' + 20 bits          dod in [-524287, 524288]
//                '1111' + 64 bits          anything else
//              then the value XOR-encoded against the previous value:
//                '0'                       same bits
//                '10' + meaningful bits    within the previous window
//                '11' + 5 bits leading zeros + 6 bits length + the bits
//
// Values keep their exact bit patterns (NaN payloads, StaleNaN, -0.0).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "series/series.h"

namespace tocsin::tsdb {

using series::Sample;
using series::Timestamp;

// Samples per chunk the head aims for before it cuts a new chunk.
inline constexpr int kSamplesPerChunk = 120;

// An appendable XOR chunk. Not thread-safe.
class XorChunk {
 public:
  XorChunk();

  // Appends a sample. Timestamps must strictly increase: fails with
  // InvalidArgument (and leaves the chunk unchanged) when t <= the last
  // timestamp, or when the chunk holds 65535 samples.
  Status Append(Timestamp t, double v);

  int num_samples() const { return num_samples_; }
  bool empty() const { return num_samples_ == 0; }
  // First and last timestamps; valid when not empty.
  Timestamp min_time() const { return min_t_; }
  Timestamp max_time() const { return t_; }
  // Bits of the last value; valid when not empty.
  uint64_t last_value_bits() const { return v_bits_; }
  // The encoded bytes (the last byte may be partly used).
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  // Bytes held on the heap (capacity), for memory accounting.
  size_t heap_bytes() const { return bytes_.capacity(); }
  // Releases spare capacity (call when the chunk is full).
  void Shrink() { bytes_.shrink_to_fit(); }

 private:
  void WriteBits(uint64_t v, int nbits);
  void WriteBit(bool b) { WriteBits(b ? 1 : 0, 1); }
  void WriteVarint(uint64_t v);
  void WriteValue(double v);

  std::vector<uint8_t> bytes_;
  uint8_t free_bits_ = 0;  // unused low bits of the last byte
  uint16_t num_samples_ = 0;
  uint8_t leading_ = 0xff;  // 0xff: no XOR window yet
  uint8_t trailing_ = 0;
  Timestamp min_t_ = 0;
  Timestamp t_ = 0;
  int64_t t_delta_ = 0;
  uint64_t v_bits_ = 0;
};

// Decodes a chunk's bytes. The bytes must outlive the iterator. Not
// thread-safe.
class XorIterator final : public series::SampleIterator {
 public:
  XorIterator(const uint8_t* data, size_t size);
  explicit XorIterator(const std::vector<uint8_t>& bytes)
      : XorIterator(bytes.data(), bytes.size()) {}

  bool Next() override;
  bool Seek(Timestamp t) override;
  Sample At() const override { return {t_, v_}; }
  Status err() const override { return err_; }

 private:
  bool ReadBits(int nbits, uint64_t* out);
  bool ReadBit(bool* out);
  bool ReadVarint(uint64_t* out);
  bool ReadValue();
  bool Fail();

  const uint8_t* data_;
  size_t size_;
  size_t bit_pos_ = 16;
  int total_ = 0;
  int read_ = 0;
  Timestamp t_ = 0;
  int64_t t_delta_ = 0;
  double v_ = 0;
  uint64_t v_bits_ = 0;
  uint8_t leading_ = 0;
  uint8_t trailing_ = 0;
  bool started_ = false;
  bool done_ = false;  // Next() returned false
  Status err_;
};

}  // namespace tocsin::tsdb

#endif  // TOCSIN_TSDB_CHUNK_H_
