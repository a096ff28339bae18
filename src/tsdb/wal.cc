#include "tsdb/wal.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>

namespace tocsin::tsdb {
namespace {

namespace fs = std::filesystem;

constexpr uint8_t kRecSeries = 1;
constexpr uint8_t kRecSamples = 2;
constexpr uint8_t kRecMinTime = 3;
constexpr size_t kHeaderBytes = 9;  // u32 length, u32 crc, u8 type
constexpr char kCheckpointPrefix[] = "checkpoint.";

// CRC-32C (Castagnoli), reflected, as iSCSI and Prometheus' WAL use.
std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    t[i] = c;
  }
  return t;
}

uint32_t Crc32c(const char* data, size_t n) {
  static const std::array<uint32_t, 256> kTable = MakeCrcTable();
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    c = kTable[(c ^ static_cast<uint8_t>(data[i])) & 0xff] ^ (c >> 8);
  }
  return c ^ 0xffffffffu;
}

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= uint32_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}
void PutUvarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
void PutVarint(std::string* out, int64_t v) {
  PutUvarint(out,
             (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}
void PutString(std::string* out, const std::string& s) {
  PutUvarint(out, s.size());
  out->append(s);
}

// Appends one framed record to `out`.
void AppendRecord(std::string* out, uint8_t type, const std::string& payload) {
  std::string body;
  body.reserve(payload.size() + 1);
  body.push_back(static_cast<char>(type));
  body.append(payload);
  PutU32(out, static_cast<uint32_t>(payload.size()));
  PutU32(out, Crc32c(body.data(), body.size()));
  out->append(body);
}

std::string EncodeSeries(const std::vector<RefSeries>& series) {
  std::string p;
  for (const RefSeries& s : series) {
    PutUvarint(&p, s.ref);
    PutUvarint(&p, s.labels.size());
    for (const model::Label& l : s.labels) {
      PutString(&p, l.name);
      PutString(&p, l.value);
    }
  }
  return p;
}

std::string EncodeSamples(const std::vector<RefSample>& samples) {
  std::string p;
  p.reserve(samples.size() * 16);
  for (const RefSample& s : samples) {
    PutUvarint(&p, s.ref);
    PutVarint(&p, s.t);
    uint64_t bits = std::bit_cast<uint64_t>(s.v);
    for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>(bits >> (8 * i)));
  }
  return p;
}

// Reads a payload; every getter returns false past the end.
class Reader {
 public:
  Reader(const char* p, size_t n) : p_(p), end_(p + n) {}
  bool done() const { return p_ == end_; }
  bool Uvarint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      uint8_t b = static_cast<uint8_t>(*p_++);
      *v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool Varint(int64_t* v) {
    uint64_t u;
    if (!Uvarint(&u)) return false;
    *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
    return true;
  }
  bool String(std::string* s) {
    uint64_t n;
    if (!Uvarint(&n) || n > static_cast<uint64_t>(end_ - p_)) return false;
    s->assign(p_, n);
    p_ += n;
    return true;
  }
  bool Fixed64(uint64_t* v) {
    if (end_ - p_ < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i)
      *v |= uint64_t{static_cast<uint8_t>(p_[i])} << (8 * i);
    p_ += 8;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

std::string SegmentName(uint64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%08llu",
                static_cast<unsigned long long>(index));
  return buf;
}

Status ErrnoError(const std::string& what, const std::string& path) {
  return InternalError("wal: " + what + " " + path + ": " +
                       std::strerror(errno));
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return ErrnoError("open dir", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoError("fsync dir", dir);
  return Status::Ok();
}

Status WriteFileSynced(const std::string& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("create", path);
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = ErrnoError("write", path);
      ::close(fd);
      return st;
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status st = ErrnoError("fsync", path);
    ::close(fd);
    return st;
  }
  ::close(fd);
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InternalError("wal: cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Applies one file's records to the head. `allow_torn`: a bad last record
// is reported through `*good_end` (the offset where valid data ends)
// instead of an error.
Status ReplayFile(const std::string& path, bool allow_torn, Head* head,
                  std::unordered_map<SeriesRef, SeriesRef>* refs,
                  Timestamp* max_t, Timestamp* min_valid, size_t* good_end,
                  std::string* torn_reason) {
  Result<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  const std::string& d = *data;
  size_t off = 0;
  *good_end = d.size();
  auto corrupt = [&](const std::string& why) {
    return DataLossError("wal: corrupt record in " + path + " at offset " +
                         std::to_string(off) + ": " + why);
  };
  while (off < d.size()) {
    // A bad record is torn when nothing valid could follow it: the header
    // or payload runs past the end, or it is the last record.
    if (d.size() - off < kHeaderBytes) {
      if (allow_torn) {
        *good_end = off;
        *torn_reason = "incomplete record header";
        return Status::Ok();
      }
      return corrupt("incomplete record header");
    }
    uint32_t len = GetU32(d.data() + off);
    uint32_t crc = GetU32(d.data() + off + 4);
    size_t rec_end = off + kHeaderBytes + len;
    if (len > d.size() - off - kHeaderBytes) {
      if (allow_torn) {
        *good_end = off;
        *torn_reason = "record runs past the end of the file";
        return Status::Ok();
      }
      return corrupt("record runs past the end of the file");
    }
    const char* body = d.data() + off + 8;
    if (Crc32c(body, len + 1) != crc) {
      if (allow_torn && rec_end == d.size()) {
        *good_end = off;
        *torn_reason = "checksum mismatch in the last record";
        return Status::Ok();
      }
      return corrupt("checksum mismatch");
    }
    uint8_t type = static_cast<uint8_t>(body[0]);
    Reader r(body + 1, len);
    switch (type) {
      case kRecSeries:
        while (!r.done()) {
          uint64_t ref, n;
          if (!r.Uvarint(&ref) || !r.Uvarint(&n) || n > len) {
            return corrupt("bad series record");
          }
          std::vector<model::Label> ls(n);
          for (model::Label& l : ls) {
            if (!r.String(&l.name) || !r.String(&l.value)) {
              return corrupt("bad series record");
            }
          }
          (*refs)[ref] = head->ReplaySeries(ref, model::Labels(std::move(ls)));
        }
        break;
      case kRecSamples:
        while (!r.done()) {
          uint64_t ref, bits;
          int64_t t;
          if (!r.Uvarint(&ref) || !r.Varint(&t) || !r.Fixed64(&bits)) {
            return corrupt("bad samples record");
          }
          auto it = refs->find(ref);
          // Samples of series dropped by retention before the checkpoint
          // have no series record left; they are older than its mint.
          if (it == refs->end()) continue;
          if (t < *min_valid) continue;
          head->ReplaySample(it->second, t, std::bit_cast<double>(bits));
          *max_t = std::max(*max_t, t);
        }
        break;
      case kRecMinTime: {
        int64_t t;
        if (!r.Varint(&t) || !r.done()) return corrupt("bad min-time record");
        *min_valid = std::max(*min_valid, t);
        break;
      }
      default:
        return corrupt("unknown record type " + std::to_string(type));
    }
    off = rec_end;
  }
  return Status::Ok();
}

bool ParseIndex(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Wal::Wal(WalOptions options) : options_(std::move(options)) {}

Wal::~Wal() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<Wal>> Wal::Open(WalOptions options) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) {
    return InternalError("wal: create " + options.dir + ": " + ec.message());
  }
  return std::unique_ptr<Wal>(new Wal(std::move(options)));
}

Status Wal::Replay(Head* head, std::vector<std::string>* warnings) {
  std::lock_guard lock(mu_);
  if (replayed_) return FailedPreconditionError("wal: replayed twice");
  replayed_ = true;
  std::vector<uint64_t> segments;
  std::vector<uint64_t> checkpoints;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.dir, ec)) {
    std::string name = e.path().filename().string();
    uint64_t idx;
    if (ParseIndex(name, &idx)) {
      segments.push_back(idx);
    } else if (name.rfind(kCheckpointPrefix, 0) == 0) {
      std::string rest = name.substr(sizeof(kCheckpointPrefix) - 1);
      if (ParseIndex(rest, &idx)) {
        checkpoints.push_back(idx);
      } else {
        fs::remove(e.path(), ec);  // an unfinished checkpoint (.tmp)
      }
    }
  }
  if (ec)
    return InternalError("wal: list " + options_.dir + ": " + ec.message());
  std::sort(segments.begin(), segments.end());
  std::sort(checkpoints.begin(), checkpoints.end());

  std::unordered_map<SeriesRef, SeriesRef> refs;
  Timestamp min_valid = std::numeric_limits<Timestamp>::min();
  if (!checkpoints.empty()) {
    checkpoint_ = checkpoints.back();
    has_checkpoint_ = true;
    for (size_t i = 0; i + 1 < checkpoints.size(); ++i) {
      fs::remove(fs::path(options_.dir) /
                     (kCheckpointPrefix + SegmentName(checkpoints[i])),
                 ec);
    }
    std::string path = (fs::path(options_.dir) /
                        (kCheckpointPrefix + SegmentName(checkpoint_)))
                           .string();
    Timestamp ignored = std::numeric_limits<Timestamp>::min();
    size_t good_end;
    std::string reason;
    RETURN_IF_ERROR(ReplayFile(path, false, head, &refs, &ignored, &min_valid,
                               &good_end, &reason));
  }
  std::vector<uint64_t> live;
  for (uint64_t s : segments) {
    if (has_checkpoint_ && s <= checkpoint_) {
      fs::remove(fs::path(options_.dir) / SegmentName(s), ec);  // stale
      continue;
    }
    live.push_back(s);
  }
  for (size_t i = 0; i < live.size(); ++i) {
    std::string path = (fs::path(options_.dir) / SegmentName(live[i])).string();
    bool last = i + 1 == live.size();
    Timestamp max_t = std::numeric_limits<Timestamp>::min();
    size_t good_end = 0;
    std::string reason;
    RETURN_IF_ERROR(ReplayFile(path, last, head, &refs, &max_t, &min_valid,
                               &good_end, &reason));
    max_time_[live[i]] = max_t;
    if (!reason.empty()) {
      warnings->push_back("wal: dropped torn record at the end of " + path +
                          " at offset " + std::to_string(good_end) + " (" +
                          reason + ")");
      fs::resize_file(path, good_end, ec);
      if (ec) {
        return InternalError("wal: truncate " + path + ": " + ec.message());
      }
    }
  }
  if (min_valid != std::numeric_limits<Timestamp>::min()) {
    head->Truncate(min_valid);
  }
  uint64_t next =
      live.empty() ? (has_checkpoint_ ? checkpoint_ + 1 : 0) : live.back() + 1;
  return OpenSegmentLocked(next);
}

Status Wal::OpenSegmentLocked(uint64_t index) {
  if (fd_ >= 0) {
    if (options_.sync != WalSync::kNone && ::fdatasync(fd_) != 0) {
      return ErrnoError("fsync", SegmentName(current_));
    }
    ::close(fd_);
    fd_ = -1;
  }
  std::string path = (fs::path(options_.dir) / SegmentName(index)).string();
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) return ErrnoError("create", path);
  current_ = index;
  current_size_ = 0;
  max_time_.emplace(index, std::numeric_limits<Timestamp>::min());
  if (options_.sync != WalSync::kNone) RETURN_IF_ERROR(SyncDir(options_.dir));
  return Status::Ok();
}

Status Wal::WriteLocked(const std::string& bytes) {
  if (!broken_.ok()) return broken_;
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = ErrnoError("write", SegmentName(current_));
      // Cut the partial record off so that later records stay readable;
      // when that fails too, refuse further writes.
      if (::ftruncate(fd_, static_cast<off_t>(current_size_)) != 0) {
        broken_ = st;
      }
      return st;
    }
    off += static_cast<size_t>(n);
  }
  current_size_ += bytes.size();
  if (options_.sync == WalSync::kPerCommit && ::fdatasync(fd_) != 0) {
    return ErrnoError("fsync", SegmentName(current_));
  }
  return Status::Ok();
}

Status Wal::Log(const std::vector<RefSeries>& series,
                const std::vector<RefSample>& samples) {
  if (series.empty() && samples.empty()) return Status::Ok();
  std::string buf;
  if (!series.empty()) AppendRecord(&buf, kRecSeries, EncodeSeries(series));
  Timestamp max_t = std::numeric_limits<Timestamp>::min();
  if (!samples.empty()) {
    AppendRecord(&buf, kRecSamples, EncodeSamples(samples));
    for (const RefSample& s : samples) max_t = std::max(max_t, s.t);
  }
  std::lock_guard lock(mu_);
  if (fd_ < 0) return FailedPreconditionError("wal: not replayed");
  if (current_size_ > 0 && current_size_ >= options_.segment_bytes) {
    RETURN_IF_ERROR(OpenSegmentLocked(current_ + 1));
  }
  Timestamp& seg_max = max_time_[current_];
  seg_max = std::max(seg_max, max_t);
  return WriteLocked(buf);
}

Result<int> Wal::Truncate(Timestamp mint, const Head& head) {
  // Which segments go: a prefix of the closed ones with no sample at or
  // after mint. Decided before reading the head's series so that every
  // series record in them belongs to a series committed before the read.
  std::vector<uint64_t> drop;
  {
    std::lock_guard lock(mu_);
    // Record the cut-off so replay skips older samples of kept segments.
    if (fd_ >= 0) {
      std::string rec, payload;
      PutVarint(&payload, mint);
      AppendRecord(&rec, kRecMinTime, payload);
      RETURN_IF_ERROR(WriteLocked(rec));
    }
    for (const auto& [idx, max_t] : max_time_) {
      if (idx >= current_ || max_t >= mint) break;
      drop.push_back(idx);
    }
  }
  if (drop.empty()) return 0;
  std::vector<RefSeries> live = head.AllSeries();
  std::string buf;
  AppendRecord(&buf, kRecSeries, EncodeSeries(live));
  std::string min_payload;
  PutVarint(&min_payload, mint);
  AppendRecord(&buf, kRecMinTime, min_payload);
  uint64_t last = drop.back();
  fs::path dir(options_.dir);
  std::string name = kCheckpointPrefix + SegmentName(last);
  std::string tmp = (dir / (name + ".tmp")).string();
  RETURN_IF_ERROR(WriteFileSynced(tmp, buf));
  std::error_code ec;
  fs::rename(tmp, dir / name, ec);
  if (ec) return InternalError("wal: rename " + tmp + ": " + ec.message());
  RETURN_IF_ERROR(SyncDir(options_.dir));
  std::lock_guard lock(mu_);
  for (uint64_t idx : drop) {
    fs::remove(dir / SegmentName(idx), ec);
    max_time_.erase(idx);
  }
  if (has_checkpoint_ && checkpoint_ != last) {
    fs::remove(dir / (kCheckpointPrefix + SegmentName(checkpoint_)), ec);
  }
  checkpoint_ = last;
  has_checkpoint_ = true;
  return static_cast<int>(drop.size());
}

std::vector<uint64_t> Wal::Segments() const {
  std::lock_guard lock(mu_);
  std::vector<uint64_t> out;
  for (const auto& [idx, t] : max_time_) out.push_back(idx);
  return out;
}

}  // namespace tocsin::tsdb
