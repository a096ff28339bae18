// The only translation unit that compiles Boost.Beast's HTTP server code.
#include "net/http_server.h"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tocsin::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Status SplitHostPort(std::string_view address, std::string* host, int* port) {
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError("address " + std::string(address) + ": " +
                                std::string(why));
  };
  std::string_view h;
  std::string_view p;
  if (!address.empty() && address[0] == '[') {
    size_t close = address.find(']');
    if (close == std::string_view::npos) return bad("missing ']' in address");
    h = address.substr(1, close - 1);
    if (close + 1 >= address.size() || address[close + 1] != ':') {
      return bad("missing port in address");
    }
    p = address.substr(close + 2);
  } else {
    size_t colon = address.rfind(':');
    if (colon == std::string_view::npos) return bad("missing port in address");
    h = address.substr(0, colon);
    if (h.find(':') != std::string_view::npos) {
      return bad("too many colons in address");
    }
    p = address.substr(colon + 1);
  }
  int v = 0;
  auto r = std::from_chars(p.data(), p.data() + p.size(), v);
  if (p.empty() || r.ec != std::errc() || r.ptr != p.data() + p.size() ||
      v < 0 || v > 65535) {
    return bad("invalid port");
  }
  *host = std::string(h);
  *port = v;
  return Status::Ok();
}

namespace {
class Session;
}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, HttpHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        acceptor(asio::make_strand(ioc)) {}

  void DoAccept();
  void Register(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.emplace(s, std::move(w));
  }
  void Unregister(Session* s) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(s);
    cv.notify_all();
  }
  // Posts `fn` to every live session's strand.
  void ForEachSession(void (Session::*fn)());

  const HttpServerOptions options;
  const HttpHandler handler;
  std::atomic<bool> stopping{false};
  int port = 0;
  bool stopped = false;  // Only touched by Stop's caller.

  std::mutex mu;
  std::condition_variable cv;
  std::unordered_map<Session*, std::weak_ptr<Session>>
      sessions;  // GUARDED_BY(mu)

  // Declared last: destroyed first, while the members above (used by
  // sessions still queued in it) are alive.
  asio::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
};

namespace {

// One connection: reads a request, runs the handler, writes the response,
// repeats while keep-alive. All of its work runs on its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server)
      : stream_(std::move(socket)),
        server_(server),
        buffer_(std::max(server.options.max_header_bytes,
                         server.options.max_pipeline_bytes) +
                8192) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      remote_ = ep.address().is_v6() ? "[" + ep.address().to_string() + "]"
                                     : ep.address().to_string();
      remote_ += ":" + std::to_string(ep.port());
    }
  }
  ~Session() { server_.Unregister(this); }

  void Start() {
    server_.Register(this, weak_from_this());
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this()] { self->DoRead(); });
  }

  // Closes the connection unless a request is being answered (that one
  // closes after its response because the server is stopping).
  void CloseIfIdle() {
    if (!busy_) Close();
  }
  void ForceClose() { Close(); }

  // Runs `fn` on this session's strand.
  void Post(void (Session::*fn)()) {
    asio::post(stream_.get_executor(),
               [self = shared_from_this(), fn] { ((*self).*fn)(); });
  }

 private:
  void DoRead() {
    if (server_.stopping) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(
        static_cast<std::uint32_t>(server_.options.max_header_bytes));
    stream_.expires_after(server_.options.request_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          self->OnHeader(ec);
        });
  }

  // Answers `Expect: 100-continue` (curl sends it for large bodies) before
  // reading the body; errors go to OnRead.
  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    auto expect = parser_->get()[http::field::expect];
    if (!parser_->is_done() && EqualsIgnoreCase(expect, "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(
          http::status::continue_, parser_->get().version());
      http::async_write(
          stream_, *cont,
          [self = shared_from_this(), cont](beast::error_code ec, std::size_t) {
            if (ec) return self->Close();
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          self->OnRead(ec);
        });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return WriteError(413, "http: request body too large\n");
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return WriteError(431, "http: request header too large\n");
    }
    if (ec) {
      if (ec.category() ==
          http::make_error_code(http::error::bad_target).category()) {
        return WriteError(400, "400 Bad Request\n");
      }
      return Close();
    }
    busy_ = true;
    http::request<http::string_body> req = parser_->release();
    HttpRequest request =
        HttpRequest::Make(std::string(req.method_string()),
                          std::string(req.target()), std::move(req.body()));
    for (const auto& field : req) {
      request.headers.Add(field.name_string(), field.value());
    }
    request.remote_address = remote_;
    HttpResponse response;
    try {
      response = server_.handler(request);
    } catch (const std::exception& e) {
      response = HttpResponse::Text(
          500, std::string("internal error: ") + e.what() + "\n");
    } catch (...) {
      response = HttpResponse::Text(500, "internal error\n");
    }
    bool keep_alive = req.keep_alive() && !server_.stopping;
    Write(std::move(response), req.version(), req.method() == http::verb::head,
          keep_alive);
  }

  void WriteError(int status, std::string body) {
    busy_ = true;
    Write(HttpResponse::Text(status, std::move(body)), 11, false, false);
  }

  void Write(HttpResponse response, unsigned version, bool head,
             bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->result(static_cast<unsigned>(response.status));
    res->version(version);
    for (const auto& [name, value] : response.headers.entries()) {
      if (EqualsIgnoreCase(name, "Content-Length") ||
          EqualsIgnoreCase(name, "Connection") ||
          EqualsIgnoreCase(name, "Transfer-Encoding")) {
        continue;
      }
      res->insert(name, value);
    }
    res->keep_alive(keep_alive);
    if (head) {
      res->set(http::field::content_length,
               std::to_string(response.body.size()));
    } else {
      res->body() = std::move(response.body);
      res->prepare_payload();
    }
    stream_.expires_after(server_.options.request_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive](
                          beast::error_code ec, std::size_t) {
                        self->busy_ = false;
                        if (ec || !keep_alive || self->server_.stopping)
                          return self->Close();
                        self->DoRead();
                      });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool busy_ = false;    // On the strand only.
  bool closed_ = false;  // On the strand only.
};

}  // namespace

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(
      asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || stopping) return;
        if (!ec) {
          size_t open;
          {
            std::lock_guard<std::mutex> lock(mu);
            open = sessions.size();
          }
          if (open >= options.max_connections) {
            beast::error_code ignored;
            socket.close(ignored);
          } else {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<Session>(std::move(socket), *this)->Start();
          }
        }
        DoAccept();
      });
}

void HttpServer::Impl::ForEachSession(void (Session::*fn)()) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Post(fn);
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::LocalPort() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                      HttpHandler handler) {
  std::string host;
  int port = 0;
  RETURN_IF_ERROR(SplitHostPort(options.listen_address, &host, &port));
  auto impl = std::make_shared<Impl>(std::move(options), std::move(handler));
  const std::string& address = impl->options.listen_address;

  std::vector<tcp::endpoint> candidates;
  beast::error_code ec;
  if (host.empty()) {
    candidates.emplace_back(tcp::v6(), port);
    candidates.emplace_back(tcp::v4(), port);
  } else {
    auto ip = asio::ip::make_address(host, ec);
    if (!ec) {
      candidates.emplace_back(ip, port);
    } else {
      tcp::resolver resolver(impl->ioc);
      auto results = resolver.resolve(host, std::to_string(port), ec);
      if (ec) {
        return UnavailableError("listen tcp " + address + ": lookup " + host +
                                ": " + ec.message());
      }
      for (const auto& r : results) candidates.push_back(r.endpoint());
    }
  }
  std::string last_error = "no address";
  bool bound = false;
  for (const tcp::endpoint& ep : candidates) {
    impl->acceptor.close(ec);
    impl->acceptor.open(ep.protocol(), ec);
    if (ec) {
      last_error = ec.message();
      continue;
    }
    impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (ep.protocol() == tcp::v6() && host.empty()) {
      impl->acceptor.set_option(asio::ip::v6_only(false), ec);
    }
    impl->acceptor.bind(ep, ec);
    if (ec) {
      last_error = ec.message();
      continue;
    }
    impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      last_error = ec.message();
      continue;
    }
    bound = true;
    break;
  }
  if (!bound) {
    return UnavailableError("listen tcp " + address + ": " + last_error);
  }
  impl->port = impl->acceptor.local_endpoint().port();
  impl->DoAccept();
  int threads = std::max(1, impl->options.threads);
  for (int i = 0; i < threads; ++i) {
    impl->threads.emplace_back([raw = impl.get()] { raw->ioc.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  s.stopping = true;
  asio::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
  });
  s.ForEachSession(&Session::CloseIfIdle);
  {
    std::unique_lock<std::mutex> lock(s.mu);
    s.cv.wait_for(lock, s.options.shutdown_grace,
                  [&] { return s.sessions.empty(); });
  }
  s.ForEachSession(&Session::ForceClose);
  {
    std::unique_lock<std::mutex> lock(s.mu);
    s.cv.wait_for(lock, std::chrono::seconds(1),
                  [&] { return s.sessions.empty(); });
  }
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  // The close posted above may not have run before ioc.stop(); with no
  // thread left it is safe to close here, so the port never keeps accepting
  // connections that nobody will answer.
  beast::error_code ec;
  s.acceptor.close(ec);
}

}  // namespace tocsin::net
