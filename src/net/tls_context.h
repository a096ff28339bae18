#ifndef TOCSIN_NET_TLS_CONTEXT_H_
#define TOCSIN_NET_TLS_CONTEXT_H_

// Internal to net/: the Asio SSL context behind an HttpServer's HTTPS
// listener. Only http_server.cc and tls.cc include this header.

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "base/result.h"
#include "net/tls.h"

namespace tocsin::net::internal {

// An OpenSSL server context and the options its callbacks read (the
// context keeps a pointer to `options`, so the two live together).
// Immutable after MakeTlsContext; SSL streams made from it may be used on
// any thread.
struct TlsContext {
  explicit TlsContext(TlsServerOptions o);
  TlsServerOptions options;
  boost::asio::ssl::context ssl;
};

// Builds the context. Errors as CheckTlsServerOptions documents.
Result<std::unique_ptr<TlsContext>> MakeTlsContext(TlsServerOptions options);

}  // namespace tocsin::net::internal

#endif  // TOCSIN_NET_TLS_CONTEXT_H_
