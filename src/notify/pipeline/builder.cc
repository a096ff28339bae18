#include "notify/pipeline/builder.h"

#include <utility>
#include <vector>

namespace tocsin::notify::pipeline {

std::shared_ptr<const timeinterval::Intervener> MakeIntervener(
    const config::Config& config) {
  std::map<std::string, std::vector<timeinterval::TimeInterval>> m;
  for (const auto& ti : config.mute_time_intervals) {
    m[ti.name] = ti.time_intervals;
  }
  for (const auto& ti : config.time_intervals) m[ti.name] = ti.time_intervals;
  return std::make_shared<const timeinterval::Intervener>(std::move(m));
}

Result<std::shared_ptr<Stage>> BuildPipeline(const config::Config& config,
                                             const PipelineDeps& deps) {
  if (deps.log == nullptr ||
      (deps.deliverer == nullptr && !deps.delivery_stage)) {
    return InvalidArgumentError(
        "pipeline needs a notification log and a "
        "deliverer");
  }
  std::shared_ptr<const timeinterval::Intervener> intervener =
      MakeIntervener(config);
  std::map<std::string, std::shared_ptr<Stage>> by_receiver;
  for (const config::Receiver& recv : config.receivers) {
    std::vector<std::shared_ptr<Stage>> integrations;
    std::map<std::string, uint32_t> next_idx;
    for (const config::ReceiverIntegrations& ri : recv.integrations) {
      for (const auto& cfg : ri.configs) {
        if (cfg == nullptr) continue;
        std::string kind(cfg->Kind());
        nflog::ReceiverKey key{recv.name, kind, next_idx[kind]++};
        std::shared_ptr<Notifier> notifier;
        auto f = deps.factories.find(kind);
        if (f == deps.factories.end()) {
          notifier = std::make_shared<NotImplementedNotifier>(kind);
        } else {
          ASSIGN_OR_RETURN(notifier, f->second(*cfg, key));
        }
        bool send_resolved = cfg->SendResolved();
        if (deps.delivery_stage) {
          integrations.push_back(
              std::make_shared<MultiStage>(std::vector<std::shared_ptr<Stage>>{
                  std::make_shared<DedupStage>(*deps.log, key, send_resolved),
                  deps.delivery_stage(key, notifier, send_resolved)}));
          continue;
        }
        integrations.push_back(
            std::make_shared<MultiStage>(std::vector<std::shared_ptr<Stage>>{
                std::make_shared<DedupStage>(*deps.log, key, send_resolved),
                std::make_shared<RetryStage>(*deps.deliverer, notifier, key,
                                             send_resolved),
                std::make_shared<SetNotifiesStage>(*deps.log, key)}));
      }
    }
    std::vector<std::shared_ptr<Stage>> stages;
    if (deps.inhibitor)
      stages.push_back(std::make_shared<MuteStage>(*deps.inhibitor));
    stages.push_back(std::make_shared<TimeActiveStage>(intervener));
    stages.push_back(std::make_shared<TimeMuteStage>(intervener));
    if (deps.silencer)
      stages.push_back(std::make_shared<MuteStage>(*deps.silencer));
    stages.push_back(std::make_shared<FanoutStage>(std::move(integrations)));
    by_receiver[recv.name] = std::make_shared<MultiStage>(std::move(stages));
  }
  return std::shared_ptr<Stage>(
      std::make_shared<RoutingStage>(std::move(by_receiver)));
}

}  // namespace tocsin::notify::pipeline
