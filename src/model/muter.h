#ifndef TOCSIN_MODEL_MUTER_H_
#define TOCSIN_MODEL_MUTER_H_

#include "model/labels.h"

namespace tocsin::model {

// Decides whether notifications for a label set are held back now
// (Alertmanager's types.Muter). Declared here, below its implementations
// (silence::SilenceMuter, inhibit::InhibitMuter), so the notify pipeline's
// mute stage depends on neither. Implementations take the current time from
// an injected clock and may record why (an AlertMarker); they must be
// thread-safe.
class Muter {
 public:
  virtual ~Muter() = default;

  // True when `labels` is muted at the current time.
  virtual bool Mutes(const Labels& labels) = 0;
};

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_MUTER_H_
