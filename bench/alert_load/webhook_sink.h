#ifndef TOCSIN_BENCH_ALERT_LOAD_WEBHOOK_SINK_H_
#define TOCSIN_BENCH_ALERT_LOAD_WEBHOOK_SINK_H_

// The load tool's own webhook receiver: an HTTP/1.1 server on 127.0.0.1 (a
// port the kernel picks) that answers every request 200 and records, for
// each alert in a webhook notification body (Alertmanager's webhook JSON),
// the steady-clock time its `instance` label was first seen.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "base/result.h"

namespace tocsin::bench {

class WebhookSink {
 public:
  using Clock = std::chrono::steady_clock;

  // Binds 127.0.0.1:0 and serves on one background thread. Unavailable when
  // the socket cannot be bound.
  static Result<std::unique_ptr<WebhookSink>> Start();
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;
  // Stops the server thread (open connections are dropped).
  ~WebhookSink();

  int port() const { return port_; }

  // Waits at most `timeout` until an alert with label instance=`instance`
  // has arrived; returns its first arrival time, or nullopt on timeout.
  // Thread-safe.
  std::optional<Clock::time_point> WaitFor(const std::string& instance,
                                           std::chrono::milliseconds timeout);

  // Notifications (requests) and alerts received since the last Reset().
  int64_t requests() const;
  int64_t alerts() const;
  // Bodies that were not webhook JSON.
  int64_t bad_bodies() const;
  // Forgets everything recorded so far.
  void Reset();

  // Records one request body received at `at` (the server thread calls it;
  // public for tests).
  void Record(const std::string& body, Clock::time_point at);

 private:
  struct Impl;
  explicit WebhookSink(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Clock::time_point> seen_;  // GUARDED_BY(mu_)
  int64_t requests_ = 0;                                     // GUARDED_BY(mu_)
  int64_t alerts_ = 0;                                       // GUARDED_BY(mu_)
  int64_t bad_bodies_ = 0;                                   // GUARDED_BY(mu_)
};

}  // namespace tocsin::bench

#endif  // TOCSIN_BENCH_ALERT_LOAD_WEBHOOK_SINK_H_
