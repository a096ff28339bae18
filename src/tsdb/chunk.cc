#include "tsdb/chunk.h"

#include <bit>
#include <cstring>

namespace tocsin::tsdb {
namespace {

// True when `x` fits the `nbits` bucket: -(2^(n-1)) < x <= 2^(n-1).
bool FitsBits(int64_t x, int nbits) {
  return -((int64_t{1} << (nbits - 1)) - 1) <= x &&
         x <= (int64_t{1} << (nbits - 1));
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t u) {
  return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
}

struct Bucket {
  int prefix_bits;
  uint64_t prefix;
  int value_bits;
};
constexpr Bucket kBuckets[] = {{2, 0b10, 14}, {3, 0b110, 17}, {4, 0b1110, 20}};

}  // namespace

XorChunk::XorChunk() { bytes_.assign(2, 0); }

void XorChunk::WriteBits(uint64_t v, int nbits) {
  while (nbits > 0) {
    if (free_bits_ == 0) {
      bytes_.push_back(0);
      free_bits_ = 8;
    }
    int take = nbits < free_bits_ ? nbits : free_bits_;
    uint64_t part = (v >> (nbits - take)) & ((uint64_t{1} << take) - 1);
    bytes_.back() |= static_cast<uint8_t>(part << (free_bits_ - take));
    free_bits_ -= take;
    nbits -= take;
  }
}

void XorChunk::WriteVarint(uint64_t v) {
  while (v >= 0x80) {
    WriteBits((v & 0x7f) | 0x80, 8);
    v >>= 7;
  }
  WriteBits(v, 8);
}

void XorChunk::WriteValue(double v) {
  uint64_t bits = std::bit_cast<uint64_t>(v);
  uint64_t x = bits ^ v_bits_;
  if (x == 0) {
    WriteBit(false);
    return;
  }
  WriteBit(true);
  int leading = std::countl_zero(x);
  int trailing = std::countr_zero(x);
  if (leading >= 32) leading = 31;  // fits 5 bits
  if (leading_ != 0xff && leading >= leading_ && trailing >= trailing_) {
    WriteBit(false);
    WriteBits(x >> trailing_, 64 - leading_ - trailing_);
    return;
  }
  leading_ = static_cast<uint8_t>(leading);
  trailing_ = static_cast<uint8_t>(trailing);
  int sig = 64 - leading - trailing;  // 1..64; 64 is written as 0
  WriteBit(true);
  WriteBits(static_cast<uint64_t>(leading), 5);
  WriteBits(static_cast<uint64_t>(sig & 63), 6);
  WriteBits(x >> trailing, sig);
}

Status XorChunk::Append(Timestamp t, double v) {
  if (num_samples_ > 0 && t <= t_) {
    return InvalidArgumentError("chunk: timestamp " + std::to_string(t) +
                                " not after last " + std::to_string(t_));
  }
  if (num_samples_ == 0xffff) return InvalidArgumentError("chunk: full");
  uint64_t bits = std::bit_cast<uint64_t>(v);
  if (num_samples_ == 0) {
    WriteVarint(ZigZag(t));
    WriteBits(bits, 64);
    min_t_ = t;
  } else if (num_samples_ == 1) {
    // t > t_, so the delta is positive; unsigned arithmetic handles any
    // distance between int64 timestamps.
    uint64_t delta = static_cast<uint64_t>(t) - static_cast<uint64_t>(t_);
    WriteVarint(delta);
    WriteValue(v);
    t_delta_ = static_cast<int64_t>(delta);
  } else {
    int64_t delta = static_cast<int64_t>(static_cast<uint64_t>(t) -
                                         static_cast<uint64_t>(t_));
    int64_t dod = static_cast<int64_t>(static_cast<uint64_t>(delta) -
                                       static_cast<uint64_t>(t_delta_));
    if (dod == 0) {
      WriteBit(false);
    } else {
      bool done = false;
      for (const Bucket& b : kBuckets) {
        if (FitsBits(dod, b.value_bits)) {
          WriteBits(b.prefix, b.prefix_bits);
          WriteBits(
              static_cast<uint64_t>(dod) & ((uint64_t{1} << b.value_bits) - 1),
              b.value_bits);
          done = true;
          break;
        }
      }
      if (!done) {
        WriteBits(0b1111, 4);
        WriteBits(static_cast<uint64_t>(dod), 64);
      }
    }
    WriteValue(v);
    t_delta_ = delta;
  }
  t_ = t;
  v_bits_ = bits;
  ++num_samples_;
  bytes_[0] = static_cast<uint8_t>(num_samples_ >> 8);
  bytes_[1] = static_cast<uint8_t>(num_samples_ & 0xff);
  return Status::Ok();
}

XorIterator::XorIterator(const uint8_t* data, size_t size)
    : data_(data), size_(size) {
  if (size < 2) {
    total_ = 0;
    if (size != 0) err_ = DataLossError("chunk: truncated header");
    return;
  }
  total_ = (data[0] << 8) | data[1];
}

bool XorIterator::Fail() {
  if (err_.ok()) err_ = DataLossError("chunk: truncated sample data");
  read_ = total_;
  done_ = true;
  return false;
}

bool XorIterator::ReadBits(int nbits, uint64_t* out) {
  if (bit_pos_ + static_cast<size_t>(nbits) > size_ * 8) return false;
  uint64_t v = 0;
  while (nbits > 0) {
    size_t byte = bit_pos_ >> 3;
    int off = static_cast<int>(bit_pos_ & 7);
    int avail = 8 - off;
    int take = nbits < avail ? nbits : avail;
    uint64_t part = (data_[byte] >> (avail - take)) & ((1u << take) - 1);
    v = (v << take) | part;
    bit_pos_ += static_cast<size_t>(take);
    nbits -= take;
  }
  *out = v;
  return true;
}

bool XorIterator::ReadBit(bool* out) {
  uint64_t v;
  if (!ReadBits(1, &v)) return false;
  *out = v != 0;
  return true;
}

bool XorIterator::ReadVarint(uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint64_t byte;
    if (!ReadBits(8, &byte)) return false;
    v |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

bool XorIterator::ReadValue() {
  bool bit;
  if (!ReadBit(&bit)) return false;
  if (!bit) {
    v_ = std::bit_cast<double>(v_bits_);
    return true;
  }
  if (!ReadBit(&bit)) return false;
  if (bit) {
    uint64_t leading, sig;
    if (!ReadBits(5, &leading) || !ReadBits(6, &sig)) return false;
    if (sig == 0) sig = 64;
    leading_ = static_cast<uint8_t>(leading);
    if (leading + sig > 64) return false;
    trailing_ = static_cast<uint8_t>(64 - leading - sig);
  }
  int sig = 64 - leading_ - trailing_;
  uint64_t x;
  if (!ReadBits(sig, &x)) return false;
  v_bits_ ^= x << trailing_;
  v_ = std::bit_cast<double>(v_bits_);
  return true;
}

bool XorIterator::Next() {
  if (!err_.ok() || read_ >= total_) {
    done_ = true;
    return false;
  }
  if (read_ == 0) {
    uint64_t zz;
    if (!ReadVarint(&zz) || !ReadBits(64, &v_bits_)) return Fail();
    t_ = UnZigZag(zz);
    v_ = std::bit_cast<double>(v_bits_);
  } else if (read_ == 1) {
    uint64_t delta;
    if (!ReadVarint(&delta)) return Fail();
    t_delta_ = static_cast<int64_t>(delta);
    t_ = static_cast<int64_t>(static_cast<uint64_t>(t_) + delta);
    if (!ReadValue()) return Fail();
  } else {
    int prefix = 0;
    while (prefix < 4) {
      bool bit;
      if (!ReadBit(&bit)) return Fail();
      if (!bit) break;
      ++prefix;
    }
    int64_t dod = 0;
    if (prefix == 4) {
      uint64_t raw;
      if (!ReadBits(64, &raw)) return Fail();
      dod = static_cast<int64_t>(raw);
    } else if (prefix > 0) {
      int n = kBuckets[prefix - 1].value_bits;
      uint64_t raw;
      if (!ReadBits(n, &raw)) return Fail();
      if (raw > (uint64_t{1} << (n - 1))) raw -= uint64_t{1} << n;
      dod = static_cast<int64_t>(raw);
    }
    t_delta_ = static_cast<int64_t>(static_cast<uint64_t>(t_delta_) +
                                    static_cast<uint64_t>(dod));
    t_ = static_cast<int64_t>(static_cast<uint64_t>(t_) +
                              static_cast<uint64_t>(t_delta_));
    if (!ReadValue()) return Fail();
  }
  ++read_;
  started_ = true;
  return true;
}

bool XorIterator::Seek(Timestamp t) {
  if (done_) return false;
  if (started_ && t_ >= t) return true;
  while (Next()) {
    if (t_ >= t) return true;
  }
  return false;
}

}  // namespace tocsin::tsdb
