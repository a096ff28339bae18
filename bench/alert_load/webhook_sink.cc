#include "alert_load/webhook_sink.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace tocsin::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

// One keep-alive connection: read a request, record its body, answer 200,
// repeat until the peer closes.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, WebhookSink& sink)
      : socket_(std::move(socket)), sink_(sink) {}

  void Read() {
    request_ = {};
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec) return;  // Closed or malformed: drop the connection.
    request_ = parser_->release();
    sink_.Record(request_.body(), WebhookSink::Clock::now());
    response_ = {};
    response_.result(http::status::ok);
    response_.version(request_.version());
    response_.keep_alive(request_.keep_alive());
    response_.set(http::field::content_type, "text/plain");
    response_.body() = "ok\n";
    response_.prepare_payload();
    http::async_write(
        socket_, response_,
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec || !self->response_.keep_alive()) return;
          self->Read();
        });
  }

  tcp::socket socket_;
  WebhookSink& sink_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

}  // namespace

struct WebhookSink::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  WebhookSink* sink = nullptr;

  void Accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // Acceptor closed.
      std::make_shared<Session>(std::move(socket), *sink)->Read();
      Accept();
    });
  }
};

WebhookSink::WebhookSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<WebhookSink>> WebhookSink::Start() {
  auto impl = std::make_unique<Impl>();
  beast::error_code ec;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec)
    impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return UnavailableError("webhook sink: " + ec.message());
  int port = impl->acceptor.local_endpoint().port();
  std::unique_ptr<WebhookSink> sink(new WebhookSink(std::move(impl)));
  sink->port_ = port;
  sink->impl_->sink = sink.get();
  sink->impl_->Accept();
  Impl* raw = sink->impl_.get();
  raw->thread = std::thread([raw] { raw->io.run(); });
  return sink;
}

WebhookSink::~WebhookSink() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_.reset();  // Pending sessions go before the recorded state.
}

void WebhookSink::Record(const std::string& body, Clock::time_point at) {
  json::error_code ec;
  json::value v = json::parse(body, ec);
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_;
  const json::array* alerts = nullptr;
  if (!ec && v.is_object()) {
    if (const json::value* a = v.as_object().if_contains("alerts")) {
      alerts = a->if_array();
    }
  }
  if (alerts == nullptr) {
    ++bad_bodies_;
    return;
  }
  for (const json::value& alert : *alerts) {
    ++alerts_;
    const json::object* obj = alert.if_object();
    if (obj == nullptr) continue;
    const json::value* labels = obj->if_contains("labels");
    if (labels == nullptr || !labels->is_object()) continue;
    const json::value* instance = labels->as_object().if_contains("instance");
    if (instance == nullptr || !instance->is_string()) continue;
    seen_.emplace(std::string(instance->as_string()), at);
  }
  cv_.notify_all();
}

std::optional<WebhookSink::Clock::time_point> WebhookSink::WaitFor(
    const std::string& instance, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  std::optional<Clock::time_point> found;
  cv_.wait_for(lock, timeout, [&] {
    auto it = seen_.find(instance);
    if (it == seen_.end()) return false;
    found = it->second;
    return true;
  });
  return found;
}

int64_t WebhookSink::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}
int64_t WebhookSink::alerts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return alerts_;
}
int64_t WebhookSink::bad_bodies() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bad_bodies_;
}

void WebhookSink::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  seen_.clear();
  requests_ = alerts_ = bad_bodies_ = 0;
}

}  // namespace tocsin::bench
