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
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/tls_context.h"

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

// What the server needs from a connection of either kind (plain or TLS).
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection on its strand unless a request is being answered
  // (that one closes after its response because the server is stopping).
  virtual void PostCloseIfIdle() = 0;
  // Closes the connection on its strand.
  virtual void PostForceClose() = 0;
};

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, HttpHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        acceptor(asio::make_strand(ioc)) {}

  void DoAccept();
  // Starts serving an accepted connection (TLS when `tls` is set).
  void StartSession(tcp::socket socket);
  void Register(SessionBase* s, std::weak_ptr<SessionBase> w) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.emplace(s, std::move(w));
  }
  void Unregister(SessionBase* s) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(s);
    cv.notify_all();
  }
  // Calls `fn` on every live session (from the caller's thread).
  void ForEachSession(void (SessionBase::*fn)());

  const HttpServerOptions options;
  const HttpHandler handler;
  std::atomic<bool> stopping{false};
  int port = 0;
  bool stopped = false;  // Only touched by Stop's caller.

  std::mutex mu;
  std::condition_variable cv;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>>
      sessions;  // GUARDED_BY(mu)
  // Set for an HTTPS listener; outlives every session (destroyed after
  // ioc).
  std::unique_ptr<internal::TlsContext> tls;

  // Declared last: destroyed first, while the members above (used by
  // sessions still queued in it) are alive.
  asio::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
};

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection: (for TLS, completes the handshake first,) reads a
// request, runs the handler, writes the response, repeats while keep-alive.
// All of its work runs on its own strand. Stream is beast::tcp_stream or
// TlsStream.
template <typename Stream>
class Session : public SessionBase,
                public std::enable_shared_from_this<Session<Stream>> {
 public:
  // Plain connection.
  Session(tcp::socket&& socket, HttpServer::Impl& server) requires
      std::is_same_v<Stream, beast::tcp_stream>
      : stream_(std::move(socket)), server_(server), buffer_(BufferSize()) {
    SetRemote();
  }
  // TLS connection using `ctx` (owned by the server).
  Session(tcp::socket&& socket, asio::ssl::context& ctx,
          HttpServer::Impl& server) requires std::is_same_v<Stream, TlsStream>
      : stream_(std::move(socket), ctx),
        server_(server),
        buffer_(BufferSize()) {
    SetRemote();
  }
  ~Session() override { server_.Unregister(this); }

  void Start() {
    server_.Register(this, this->weak_from_this());
    asio::dispatch(Lowest().get_executor(),
                   [self = this->shared_from_this()] { self->Begin(); });
  }

  void PostCloseIfIdle() override {
    asio::post(Lowest().get_executor(), [self = this->shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }
  void PostForceClose() override {
    asio::post(Lowest().get_executor(),
               [self = this->shared_from_this()] { self->Close(); });
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  size_t BufferSize() const {
    return std::max(server_.options.max_header_bytes,
                    server_.options.max_pipeline_bytes) +
           8192;
  }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void SetRemote() {
    beast::error_code ec;
    auto ep = Lowest().socket().remote_endpoint(ec);
    if (!ec) {
      remote_ = ep.address().is_v6() ? "[" + ep.address().to_string() + "]"
                                     : ep.address().to_string();
      remote_ += ":" + std::to_string(ep.port());
    }
  }

  // TLS: the handshake must complete within request_timeout.
  void Begin() {
    if constexpr (kTls) {
      if (server_.stopping) return Close();
      Lowest().expires_after(server_.options.request_timeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](beast::error_code ec) {
            if (ec) return self->Close();
            self->DoRead();
          });
    } else {
      DoRead();
    }
  }

  void DoRead() {
    if (server_.stopping) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(
        static_cast<std::uint32_t>(server_.options.max_header_bytes));
    Lowest().expires_after(server_.options.request_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
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
      http::async_write(stream_, *cont,
                        [self = this->shared_from_this(), cont](
                            beast::error_code ec, std::size_t) {
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
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          self->OnRead(ec);
        });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted ||
        ec == asio::ssl::error::stream_truncated) {
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
    Lowest().expires_after(server_.options.request_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res, keep_alive](
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
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    Lowest().socket().close(ec);
  }

  Stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool busy_ = false;    // On the strand only.
  bool closed_ = false;  // On the strand only.
};

}  // namespace

void HttpServer::Impl::StartSession(tcp::socket socket) {
  if (tls) {
    std::make_shared<Session<TlsStream>>(std::move(socket), tls->ssl, *this)
        ->Start();
  } else {
    std::make_shared<Session<beast::tcp_stream>>(std::move(socket), *this)
        ->Start();
  }
}

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](beast::error_code ec, tcp::socket socket) {
                          if (ec == asio::error::operation_aborted || stopping)
                            return;
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
                              StartSession(std::move(socket));
                            }
                          }
                          DoAccept();
                        });
}

void HttpServer::Impl::ForEachSession(void (SessionBase::*fn)()) {
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) ((*s).*fn)();
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::LocalPort() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                      HttpHandler handler) {
  std::string host;
  int port = 0;
  RETURN_IF_ERROR(SplitHostPort(options.listen_address, &host, &port));
  std::unique_ptr<internal::TlsContext> tls;
  if (options.tls) {
    ASSIGN_OR_RETURN(tls, internal::MakeTlsContext(*options.tls));
  }
  auto impl = std::make_shared<Impl>(std::move(options), std::move(handler));
  impl->tls = std::move(tls);
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
  s.ForEachSession(&SessionBase::PostCloseIfIdle);
  {
    std::unique_lock<std::mutex> lock(s.mu);
    s.cv.wait_for(lock, s.options.shutdown_grace,
                  [&] { return s.sessions.empty(); });
  }
  s.ForEachSession(&SessionBase::PostForceClose);
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
