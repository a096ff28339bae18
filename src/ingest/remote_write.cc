#include "ingest/remote_write.h"

#include <snappy.h>

#include <bit>
#include <cstring>
#include <utility>

#include "base/strings.h"

namespace tocsin::ingest {
namespace {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLength = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

// A bounds-checked reader over one message's bytes.
class Reader {
 public:
  Reader(std::string_view data, size_t base_offset, std::string_view message)
      : data_(data), base_(base_offset), message_(message) {}

  bool done() const { return pos_ >= data_.size(); }
  size_t offset() const { return base_ + pos_; }

  Status Error(std::string_view what) const {
    return InvalidArgumentError(
        "malformed remote write request: " + std::string(message_) +
        " at byte " + std::to_string(offset()) + ": " + std::string(what));
  }

  Result<uint64_t> Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return Error("truncated varint");
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Error("varint longer than 10 bytes");
  }

  Result<uint64_t> Fixed64() {
    if (data_.size() - pos_ < 8) return Error("truncated fixed64");
    uint64_t v;
    std::memcpy(&v, data_.data() + pos_, 8);
    pos_ += 8;
    if constexpr (std::endian::native == std::endian::big) {
      v = __builtin_bswap64(v);
    }
    return v;
  }

  // A length-delimited field's bytes; `*start` gets their offset.
  Result<std::string_view> Bytes(size_t* start = nullptr) {
    ASSIGN_OR_RETURN(uint64_t len, Varint());
    if (len > data_.size() - pos_) return Error("length past end of message");
    if (start) *start = base_ + pos_;
    std::string_view out = data_.substr(pos_, len);
    pos_ += len;
    return out;
  }

  // Reads a tag: field number and wire type.
  Status Tag(uint32_t* field, WireType* type) {
    ASSIGN_OR_RETURN(uint64_t tag, Varint());
    *field = static_cast<uint32_t>(tag >> 3);
    uint8_t t = tag & 7;
    if (*field == 0) return Error("field number 0");
    if (t > 5) return Error("invalid wire type " + std::to_string(t));
    *type = static_cast<WireType>(t);
    return Status::Ok();
  }

  Status Skip(WireType type) {
    switch (type) {
      case WireType::kVarint:
        return Varint().status();
      case WireType::kFixed64:
        return Fixed64().status();
      case WireType::kLength:
        return Bytes().status();
      case WireType::kFixed32:
        if (data_.size() - pos_ < 4) return Error("truncated fixed32");
        pos_ += 4;
        return Status::Ok();
      case WireType::kStartGroup:
      case WireType::kEndGroup:
        return Error("groups are not supported");
    }
    return Error("invalid wire type");
  }

  Status Expect(WireType got, WireType want, std::string_view field) {
    if (got == want) return Status::Ok();
    return Error("field " + std::string(field) + " has wire type " +
                 std::to_string(static_cast<int>(got)));
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  size_t base_;
  std::string_view message_;
};

Result<model::Label> DecodeLabel(std::string_view data, size_t base) {
  Reader r(data, base, "Label");
  model::Label label;
  while (!r.done()) {
    uint32_t field;
    WireType type;
    RETURN_IF_ERROR(r.Tag(&field, &type));
    if (field == 1 || field == 2) {
      RETURN_IF_ERROR(
          r.Expect(type, WireType::kLength, field == 1 ? "name" : "value"));
      ASSIGN_OR_RETURN(std::string_view s, r.Bytes());
      (field == 1 ? label.name : label.value) = std::string(s);
    } else {
      RETURN_IF_ERROR(r.Skip(type));
    }
  }
  return label;
}

Result<series::Sample> DecodeSample(std::string_view data, size_t base) {
  Reader r(data, base, "Sample");
  series::Sample sample;
  while (!r.done()) {
    uint32_t field;
    WireType type;
    RETURN_IF_ERROR(r.Tag(&field, &type));
    if (field == 1) {
      RETURN_IF_ERROR(r.Expect(type, WireType::kFixed64, "value"));
      ASSIGN_OR_RETURN(uint64_t bits, r.Fixed64());
      sample.v = std::bit_cast<double>(bits);
    } else if (field == 2) {
      RETURN_IF_ERROR(r.Expect(type, WireType::kVarint, "timestamp"));
      ASSIGN_OR_RETURN(uint64_t ts, r.Varint());
      sample.t = static_cast<int64_t>(ts);
    } else {
      RETURN_IF_ERROR(r.Skip(type));
    }
  }
  return sample;
}

Status CheckLabels(const std::vector<model::Label>& labels, size_t offset) {
  auto error = [&](const std::string& what) {
    std::string set = "{";
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i) set += ", ";
      set += labels[i].name + "=" + GoQuote(labels[i].value);
    }
    set += "}";
    return InvalidArgumentError("invalid labels for series " + set +
                                " (TimeSeries at byte " +
                                std::to_string(offset) + "): " + what);
  };
  if (labels.empty()) return error("no labels");
  bool has_name = false;
  for (size_t i = 0; i < labels.size(); ++i) {
    const model::Label& l = labels[i];
    if (!model::IsValidLabelNameUtf8(l.name)) {
      return error("invalid label name " + GoQuote(l.name));
    }
    if (!model::IsValidLabelValue(l.value)) {
      return error("label " + l.name + " has a value that is not UTF-8");
    }
    if (l.name == "__name__") has_name = !l.value.empty();
    for (size_t j = 0; j < i; ++j) {
      if (labels[j].name == l.name) {
        return error("duplicate label name " + GoQuote(l.name));
      }
    }
  }
  if (!has_name) return error("no metric name (__name__)");
  return Status::Ok();
}

Result<WriteSeries> DecodeSeries(std::string_view data, size_t base) {
  Reader r(data, base, "TimeSeries");
  WriteSeries out;
  std::vector<model::Label> labels;
  while (!r.done()) {
    uint32_t field;
    WireType type;
    RETURN_IF_ERROR(r.Tag(&field, &type));
    size_t start = 0;
    switch (field) {
      case 1: {
        RETURN_IF_ERROR(r.Expect(type, WireType::kLength, "labels"));
        ASSIGN_OR_RETURN(std::string_view bytes, r.Bytes(&start));
        ASSIGN_OR_RETURN(model::Label label, DecodeLabel(bytes, start));
        labels.push_back(std::move(label));
        break;
      }
      case 2: {
        RETURN_IF_ERROR(r.Expect(type, WireType::kLength, "samples"));
        ASSIGN_OR_RETURN(std::string_view bytes, r.Bytes(&start));
        ASSIGN_OR_RETURN(series::Sample sample, DecodeSample(bytes, start));
        out.samples.push_back(sample);
        break;
      }
      case 4:
        RETURN_IF_ERROR(r.Expect(type, WireType::kLength, "histograms"));
        RETURN_IF_ERROR(r.Bytes().status());
        ++out.histograms;
        break;
      default:  // exemplars (3) and anything newer
        RETURN_IF_ERROR(r.Skip(type));
    }
  }
  RETURN_IF_ERROR(CheckLabels(labels, base));
  std::erase_if(labels, [](const model::Label& l) { return l.value.empty(); });
  out.labels = model::Labels(std::move(labels));
  return out;
}

std::optional<MetricType> MetadataType(uint64_t v) {
  // prometheus.MetricMetadata.MetricType.
  switch (v) {
    case 0:
    case 7:  // UNKNOWN, STATESET has no float meaning here
      return v == 0 ? MetricType::kUnknown : MetricType::kStateSet;
    case 1:
      return MetricType::kCounter;
    case 2:
      return MetricType::kGauge;
    case 3:
      return MetricType::kHistogram;
    case 4:
      return MetricType::kGaugeHistogram;
    case 5:
      return MetricType::kSummary;
    case 6:
      return MetricType::kInfo;
    default:
      return std::nullopt;
  }
}

Result<MetricMetadata> DecodeMetadata(std::string_view data, size_t base) {
  Reader r(data, base, "MetricMetadata");
  MetricMetadata out;
  while (!r.done()) {
    uint32_t field;
    WireType type;
    RETURN_IF_ERROR(r.Tag(&field, &type));
    if (field == 1 && type == WireType::kVarint) {
      ASSIGN_OR_RETURN(uint64_t v, r.Varint());
      std::optional<MetricType> t = MetadataType(v);
      out.type = t.value_or(MetricType::kUnknown);
    } else if ((field == 2 || field == 4 || field == 5) &&
               type == WireType::kLength) {
      ASSIGN_OR_RETURN(std::string_view s, r.Bytes());
      (field == 2   ? out.family
       : field == 4 ? out.help
                    : out.unit) = std::string(s);
    } else {
      RETURN_IF_ERROR(r.Skip(type));
    }
  }
  return out;
}

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void PutTag(std::string& out, uint32_t field, WireType type) {
  PutVarint(out,
            (static_cast<uint64_t>(field) << 3) | static_cast<uint64_t>(type));
}
void PutBytes(std::string& out, uint32_t field, std::string_view bytes) {
  PutTag(out, field, WireType::kLength);
  PutVarint(out, bytes.size());
  out.append(bytes);
}

uint64_t MetadataTypeNumber(MetricType t) {
  switch (t) {
    case MetricType::kUnknown:
      return 0;
    case MetricType::kCounter:
      return 1;
    case MetricType::kGauge:
      return 2;
    case MetricType::kHistogram:
      return 3;
    case MetricType::kGaugeHistogram:
      return 4;
    case MetricType::kSummary:
      return 5;
    case MetricType::kInfo:
      return 6;
    case MetricType::kStateSet:
      return 7;
  }
  return 0;
}

}  // namespace

Result<std::string> SnappyDecode(std::string_view compressed, size_t max_size) {
  size_t len = 0;
  if (!snappy::GetUncompressedLength(compressed.data(), compressed.size(),
                                     &len)) {
    return InvalidArgumentError("snappy: corrupt input (bad length header)");
  }
  if (len > max_size) {
    return ResourceExhaustedError(
        "snappy: decoded body of " + std::to_string(len) +
        " bytes exceeds the limit of " + std::to_string(max_size));
  }
  std::string out;
  if (!snappy::Uncompress(compressed.data(), compressed.size(), &out)) {
    return InvalidArgumentError("snappy: corrupt input");
  }
  return out;
}

std::string SnappyEncode(std::string_view raw) {
  std::string out;
  snappy::Compress(raw.data(), raw.size(), &out);
  return out;
}

Result<WriteRequest> DecodeWriteRequest(std::string_view protobuf) {
  Reader r(protobuf, 0, "WriteRequest");
  WriteRequest out;
  while (!r.done()) {
    uint32_t field;
    WireType type;
    RETURN_IF_ERROR(r.Tag(&field, &type));
    size_t start = 0;
    if (field == 1) {
      RETURN_IF_ERROR(r.Expect(type, WireType::kLength, "timeseries"));
      ASSIGN_OR_RETURN(std::string_view bytes, r.Bytes(&start));
      ASSIGN_OR_RETURN(WriteSeries s, DecodeSeries(bytes, start));
      out.series.push_back(std::move(s));
    } else if (field == 3) {
      RETURN_IF_ERROR(r.Expect(type, WireType::kLength, "metadata"));
      ASSIGN_OR_RETURN(std::string_view bytes, r.Bytes(&start));
      ASSIGN_OR_RETURN(MetricMetadata m, DecodeMetadata(bytes, start));
      out.metadata.push_back(std::move(m));
    } else {
      RETURN_IF_ERROR(r.Skip(type));
    }
  }
  return out;
}

std::string EncodeWriteRequest(const WriteRequest& request) {
  std::string out;
  for (const WriteSeries& s : request.series) {
    std::string ts;
    for (const model::Label& l : s.labels) {
      std::string label;
      PutBytes(label, 1, l.name);
      PutBytes(label, 2, l.value);
      PutBytes(ts, 1, label);
    }
    for (const series::Sample& sample : s.samples) {
      std::string enc;
      PutTag(enc, 1, WireType::kFixed64);
      uint64_t bits = std::bit_cast<uint64_t>(sample.v);
      for (int i = 0; i < 8; ++i) {
        enc.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
      }
      PutTag(enc, 2, WireType::kVarint);
      PutVarint(enc, static_cast<uint64_t>(sample.t));
      PutBytes(ts, 2, enc);
    }
    PutBytes(out, 1, ts);
  }
  for (const MetricMetadata& m : request.metadata) {
    std::string enc;
    PutTag(enc, 1, WireType::kVarint);
    PutVarint(enc, MetadataTypeNumber(m.type));
    PutBytes(enc, 2, m.family);
    PutBytes(enc, 4, m.help);
    PutBytes(enc, 5, m.unit);
    PutBytes(out, 3, enc);
  }
  return out;
}

Result<AppendStats> AppendWriteRequest(const WriteRequest& request,
                                       series::Appendable& db) {
  std::unique_ptr<series::Appender> app = db.NewAppender();
  AppendStats stats;
  for (const WriteSeries& s : request.series) {
    for (const series::Sample& sample : s.samples) {
      Status st = app->Append(s.labels, sample.t, sample.v);
      if (!st.ok()) {
        app->Rollback();
        return st.WithPrefix(s.labels.ToString() + " at " +
                             std::to_string(sample.t));
      }
      ++stats.samples;
    }
    ++stats.series;
    stats.histograms_dropped += s.histograms;
  }
  RETURN_IF_ERROR(app->Commit());
  return stats;
}

}  // namespace tocsin::ingest
