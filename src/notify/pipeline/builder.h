#ifndef TOCSIN_NOTIFY_PIPELINE_BUILDER_H_
#define TOCSIN_NOTIFY_PIPELINE_BUILDER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "config/config.h"
#include "config/integration.h"
#include "model/muter.h"
#include "notify/nflog/nflog.h"
#include "notify/pipeline/pipeline.h"
#include "timeinterval/intervener.h"

namespace tocsin::notify::pipeline {

// Makes the Notifier of one integration entry (e.g. webhook's factory in
// notify/webhook/webhook_notifier.h). Errors fail the build.
using NotifierFactory = std::function<Result<std::shared_ptr<Notifier>>(
    const config::IntegrationConfig& config, const nflog::ReceiverKey& key)>;

// Makes the stage that delivers and records one integration's
// notifications (after its DedupStage), replacing RetryStage +
// SetNotifiesStage; e.g. notify/outbox's OutboxStage.
using DeliveryStageFactory = std::function<std::shared_ptr<Stage>(
    const nflog::ReceiverKey& key, std::shared_ptr<Notifier> notifier,
    bool send_resolved)>;

struct PipelineDeps {
  // Inhibition and silence muters; either may be null (no muting).
  model::Muter* inhibitor = nullptr;
  model::Muter* silencer = nullptr;
  nflog::NotificationLog* log = nullptr;  // required
  // Required unless delivery_stage is set.
  Deliverer* deliverer = nullptr;
  // When set, each integration is MultiStage{DedupStage, delivery_stage(..)}
  // and `deliverer` is not used.
  DeliveryStageFactory delivery_stage;
  // By IntegrationConfig::Kind() ("webhook"). A kind without a factory gets
  // a NotImplementedNotifier (fails permanently, logged and counted by the
  // Deliverer), never a silent drop.
  std::map<std::string, NotifierFactory> factories;
};

// The Intervener of a config: time_intervals and the deprecated
// mute_time_intervals, by name.
std::shared_ptr<const timeinterval::Intervener> MakeIntervener(
    const config::Config& config);

// Builds upstream's pipeline (PipelineBuilder.New) for every receiver:
//   RoutingStage{receiver: MultiStage{inhibition MuteStage, TimeActiveStage,
//     TimeMuteStage, silence MuteStage, FanoutStage{per integration:
//       MultiStage{DedupStage, RetryStage, SetNotifiesStage}}}}
// Integrations are numbered per kind within a receiver, in config order
// (nflog receiver key "<receiver>/<kind>/<idx>"). Errors: InvalidArgument
// for missing required deps; a factory's error. The result holds
// references to deps' pointees, which must outlive it.
Result<std::shared_ptr<Stage>> BuildPipeline(const config::Config& config,
                                             const PipelineDeps& deps);

}  // namespace tocsin::notify::pipeline

#endif  // TOCSIN_NOTIFY_PIPELINE_BUILDER_H_
