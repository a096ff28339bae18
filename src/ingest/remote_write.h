#ifndef TOCSIN_INGEST_REMOTE_WRITE_H_
#define TOCSIN_INGEST_REMOTE_WRITE_H_

// Prometheus remote_write 1.0 (`prometheus.WriteRequest`, protobuf, snappy
// block compression), as Prometheus, Grafana Alloy and vmagent send it to
// `POST /api/v1/write`.
//
// The protobuf wire format of the four messages involved (WriteRequest,
// TimeSeries, Label, Sample; MetricMetadata) is decoded by hand: unknown
// fields are skipped by wire type, as protobuf requires, so newer senders
// that add fields still decode.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "ingest/exposition.h"
#include "model/labels.h"
#include "series/series.h"

namespace tocsin::ingest {

struct WriteSeries {
  model::Labels labels;
  std::vector<series::Sample> samples;
  // Native histogram samples in the request; tocsin stores float samples
  // only and counts these as dropped.
  size_t histograms = 0;
};

struct WriteRequest {
  std::vector<WriteSeries> series;
  std::vector<MetricMetadata> metadata;
};

// Snappy block-format decompression. Errors: InvalidArgument for a corrupt
// block; ResourceExhausted when the decoded size exceeds `max_size`.
Result<std::string> SnappyDecode(std::string_view compressed, size_t max_size);
std::string SnappyEncode(std::string_view raw);

// Decodes a serialized WriteRequest. Errors: InvalidArgument naming the
// field and byte offset of a truncated or malformed message, a series
// without labels, a label with an empty or invalid name, a name given
// twice or a value that is not UTF-8 ("invalid labels for series ...").
Result<WriteRequest> DecodeWriteRequest(std::string_view protobuf);
// The inverse, for clients and tests.
std::string EncodeWriteRequest(const WriteRequest& request);

struct AppendStats {
  size_t series = 0;
  size_t samples = 0;
  size_t histograms_dropped = 0;
};

// Appends every sample of `request` in one batch: all or nothing. On the
// first append error the batch is rolled back and the error returned,
// prefixed with the series (Prometheus answers such a request 400).
Result<AppendStats> AppendWriteRequest(const WriteRequest& request,
                                       series::Appendable& db);

}  // namespace tocsin::ingest

#endif  // TOCSIN_INGEST_REMOTE_WRITE_H_
