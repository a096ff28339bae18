#include "ingest/remote_write.h"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tocsin::ingest {
namespace {

using ::testing::HasSubstr;

// A store that keeps committed samples and refuses out-of-order ones.
class FakeDb final : public series::Appendable {
 public:
  std::map<model::Labels, std::vector<series::Sample>> committed;

  std::unique_ptr<series::Appender> NewAppender() override {
    return std::make_unique<App>(*this);
  }

 private:
  class App final : public series::Appender {
   public:
    explicit App(FakeDb& db) : db_(db) {}
    Status Append(const model::Labels& l, series::Timestamp t,
                  double v) override {
      auto it = db_.committed.find(l);
      if (it != db_.committed.end() && !it->second.empty() &&
          it->second.back().t >= t) {
        return OutOfRangeError("out of order sample");
      }
      pending_.push_back({l, {t, v}});
      return Status::Ok();
    }
    Status Commit() override {
      for (auto& [l, s] : pending_) db_.committed[l].push_back(s);
      pending_.clear();
      return Status::Ok();
    }
    void Rollback() override { pending_.clear(); }

   private:
    FakeDb& db_;
    std::vector<std::pair<model::Labels, series::Sample>> pending_;
  };
};

WriteRequest Sample() {
  WriteRequest req;
  req.series.push_back({model::Labels{{"__name__", "up"}, {"job", "node"}},
                        {{1000, 1}, {2000, 0}},
                        0});
  req.series.push_back(
      {model::Labels{{"__name__", "temp"}, {"room", "κ"}}, {{1500, -3.5}}, 0});
  req.metadata.push_back({"up", MetricType::kGauge, "1 if up", ""});
  return req;
}

TEST(RemoteWrite, RoundTripsThroughSnappyAndProtobuf) {
  std::string wire = SnappyEncode(EncodeWriteRequest(Sample()));
  auto raw = SnappyDecode(wire, 1 << 20);
  ASSERT_TRUE(raw.ok()) << raw.status();
  auto req = DecodeWriteRequest(*raw);
  ASSERT_TRUE(req.ok()) << req.status();
  ASSERT_EQ(req->series.size(), 2u);
  EXPECT_EQ(req->series[0].labels.ToString(),
            "{__name__=\"up\", job=\"node\"}");
  ASSERT_EQ(req->series[0].samples.size(), 2u);
  EXPECT_EQ(req->series[0].samples[1].t, 2000);
  EXPECT_EQ(req->series[1].labels.Get("room"), "κ");
  EXPECT_EQ(req->series[1].samples[0].v, -3.5);
  ASSERT_EQ(req->metadata.size(), 1u);
  EXPECT_EQ(req->metadata[0].family, "up");
  EXPECT_EQ(req->metadata[0].type, MetricType::kGauge);
  EXPECT_EQ(req->metadata[0].help, "1 if up");
}

// Protobuf bytes by hand, for messages model::Labels cannot express.
std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
std::string LenField(uint32_t field, const std::string& bytes) {
  return Varint((field << 3) | 2) + Varint(bytes.size()) + bytes;
}
std::string LabelMsg(const std::string& name, const std::string& value) {
  return LenField(1, name) + LenField(2, value);
}

TEST(RemoteWrite, SkipsUnknownFieldsAndCountsHistograms) {
  std::string msg = EncodeWriteRequest(Sample());
  msg += Varint((9 << 3) | 0) + Varint(150);  // unknown varint
  msg += Varint((10 << 3) | 5) + std::string("\x01\x02\x03\x04", 4);
  std::string ts = LenField(1, LabelMsg("__name__", "h")) +
                   LenField(3, "") +         // an exemplar, skipped
                   LenField(4, Varint(8)) +  // a native histogram
                   LenField(15, "future");   // a newer field
  msg += LenField(1, ts);
  auto req = DecodeWriteRequest(msg);
  ASSERT_TRUE(req.ok()) << req.status();
  ASSERT_EQ(req->series.size(), 3u);
  EXPECT_EQ(req->series[2].labels.Get("__name__"), "h");
  EXPECT_EQ(req->series[2].histograms, 1u);
  EXPECT_TRUE(req->series[2].samples.empty());

  // A group wire type is refused.
  auto bad = DecodeWriteRequest(Varint((7 << 3) | 3));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("groups"));
}

TEST(RemoteWrite, MalformedBodiesAreRefused) {
  std::string msg = EncodeWriteRequest(Sample());
  auto truncated = DecodeWriteRequest(msg.substr(0, msg.size() - 3));
  ASSERT_FALSE(truncated.ok());
  EXPECT_THAT(truncated.status().message(),
              HasSubstr("malformed remote write request"));
  EXPECT_THAT(truncated.status().message(), HasSubstr("at byte"));

  EXPECT_FALSE(SnappyDecode("definitely not snappy", 1 << 20).ok());
  auto big = SnappyDecode(SnappyEncode(std::string(1000, 'x')), 100);
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(big.status().code() == StatusCode::kResourceExhausted);

  WriteRequest dup;
  dup.series.push_back({model::Labels(), {{1, 1}}, 0});
  auto r = DecodeWriteRequest(EncodeWriteRequest(dup));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("no labels"));

  WriteRequest no_name;
  no_name.series.push_back({model::Labels{{"job", "x"}}, {{1, 1}}, 0});
  r = DecodeWriteRequest(EncodeWriteRequest(no_name));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("no metric name"));

  // Duplicate names cannot come from model::Labels; build the bytes.
  std::string body = LenField(1, LenField(1, LabelMsg("__name__", "m")) +
                                     LenField(1, LabelMsg("a", "1")) +
                                     LenField(1, LabelMsg("a", "2")));
  r = DecodeWriteRequest(body);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("duplicate label name \"a\""));
}

TEST(RemoteWrite, AppendIsAllOrNothing) {
  FakeDb db;
  auto stats = AppendWriteRequest(Sample(), db);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->samples, 3u);
  EXPECT_EQ(stats->series, 2u);
  EXPECT_EQ(db.committed.size(), 2u);

  // A request whose second series is out of order changes nothing.
  WriteRequest req;
  req.series.push_back({model::Labels{{"__name__", "new"}}, {{5000, 1}}, 0});
  req.series.push_back(
      {model::Labels{{"__name__", "up"}, {"job", "node"}}, {{1000, 1}}, 0});
  auto bad = AppendWriteRequest(req, db);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("out of order sample"));
  EXPECT_THAT(bad.status().message(), HasSubstr("job=\"node\""));
  EXPECT_EQ(db.committed.size(), 2u);
  EXPECT_EQ(db.committed.count(model::Labels{{"__name__", "new"}}), 0u);
}

}  // namespace
}  // namespace tocsin::ingest
