#ifndef TOCSIN_DISPATCH_AGGR_GROUP_H_
#define TOCSIN_DISPATCH_AGGR_GROUP_H_

// An aggregation group (upstream dispatch.aggrGroup): the alerts of one
// route with one set of group-label values, flushed through the
// notification pipeline on group_wait / group_interval timers. Used by
// Dispatcher, which owns the groups and serializes access with its mutex;
// AggrGroup itself is not thread-safe.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dispatch/route_tree.h"
#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/labels.h"
#include "runtime/scheduler.h"

namespace tocsin::dispatch {

// Upstream types.AlertSlice order: by the `job` label, then `instance`
// (alerts having the label first), then LabelSet.Before (fewer labels
// first, then by values over the sorted union of names).
bool AlertBefore(const model::Alert& a, const model::Alert& b);

// Upstream aggrGroup.GroupKey(): "<route key>:<group labels>", e.g.
// `{}/{env="prod"}:{alertname="X", job="api"}`.
std::string GroupKey(const RouteNode& route, const model::Labels& labels);

struct AggrGroup {
  const RouteNode* route = nullptr;  // owned by the dispatcher's tree
  model::Labels labels;
  std::string group_key;
  // The store's immutable versions, shared with it (no copy per group).
  std::map<model::Fingerprint, std::shared_ptr<const model::Alert>> alerts;
  bool has_flushed = false;
  bool in_flight = false;      // a flush is in the pipeline
  bool flush_pending = false;  // the timer fired during that flush
  bool stopped = false;
  runtime::TimerId timer;

  // The flush snapshot at wall time `now` (upstream flush): every alert,
  // with ends_at cleared for those not resolved at `now`, sorted by
  // AlertBefore.
  std::vector<model::Alert> Snapshot(model::Time now) const;

  // After a successful flush: removes each resolved alert of `sent` that is
  // still stored unchanged (same updated_at and ends_at; upstream
  // DeleteIfNotModified). Returns how many were removed.
  size_t DeleteResolved(const std::vector<model::Alert>& sent, model::Time now);
};

}  // namespace tocsin::dispatch

#endif  // TOCSIN_DISPATCH_AGGR_GROUP_H_
