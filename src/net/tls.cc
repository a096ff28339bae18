// OpenSSL server contexts for HttpServer's HTTPS listener.
#include "net/tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/error.hpp>
#include <string_view>

#include "net/tls_context.h"

namespace tocsin::net {

namespace {

namespace ssl = boost::asio::ssl;

int ProtoVersion(TlsVersion v) {
  switch (v) {
    case TlsVersion::kTls10:
      return TLS1_VERSION;
    case TlsVersion::kTls11:
      return TLS1_1_VERSION;
    case TlsVersion::kTls12:
      return TLS1_2_VERSION;
    case TlsVersion::kTls13:
      return TLS1_3_VERSION;
  }
  return TLS1_3_VERSION;
}

// The oldest queued OpenSSL error's reason, or `fallback`; clears the
// queue.
std::string OpenSslReason(std::string_view fallback) {
  unsigned long err = ERR_peek_last_error();  // NOLINT(runtime/int)
  std::string out(fallback);
  if (err != 0) {
    const char* reason = ERR_reason_error_string(err);
    if (reason != nullptr) out = reason;
  }
  ERR_clear_error();
  return out;
}

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct NamesFree {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};

// Every certificate in `pem`, in order.
std::vector<std::unique_ptr<X509, X509Free>> ReadCertificates(
    const std::string& pem) {
  std::vector<std::unique_ptr<X509, X509Free>> out;
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return out;
  for (;;) {
    X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (x == nullptr) break;
    out.emplace_back(x);
  }
  ERR_clear_error();  // The loop ends on a "no start line" error.
  return out;
}

// Go's crypto/tls names of the TLS 1.3 suites, which Go does not let a
// configuration choose; they are accepted and ignored.
bool IsTls13Suite(std::string_view name) {
  return name == "TLS_AES_128_GCM_SHA256" || name == "TLS_AES_256_GCM_SHA384" ||
         name == "TLS_CHACHA20_POLY1305_SHA256";
}

// Maps IANA cipher suite names to an OpenSSL cipher list string ("" when
// only TLS 1.3 names were given). Errors: "unknown cipher: <name>".
Result<std::string> OpenSslCipherList(const std::vector<std::string>& names) {
  std::unique_ptr<SSL_CTX, CtxFree> all(SSL_CTX_new(TLS_server_method()));
  if (!all || SSL_CTX_set_cipher_list(all.get(),
                                      "ALL:COMPLEMENTOFALL:@SECLEVEL=0") != 1) {
    return InternalError("cannot list OpenSSL ciphers: " +
                         OpenSslReason("unknown error"));
  }
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(all.get());
  std::string list;
  for (const std::string& name : names) {
    if (IsTls13Suite(name)) continue;
    const char* found = nullptr;
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
      const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
      const char* standard = SSL_CIPHER_standard_name(c);
      if (standard != nullptr && name == standard) {
        found = SSL_CIPHER_get_name(c);
        break;
      }
    }
    if (found == nullptr)
      return InvalidArgumentError("unknown cipher: " + name);
    if (!list.empty()) list += ':';
    list += found;
  }
  return list;
}

// The certificate's subject alternative names as Go's x509 package prints
// them: DNS names, e-mail addresses, IP addresses and URIs.
std::vector<std::string> SubjectAltNames(X509* cert) {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, NamesFree> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    const ASN1_STRING* s = nullptr;
    switch (n->type) {
      case GEN_DNS:
        s = n->d.dNSName;
        break;
      case GEN_EMAIL:
        s = n->d.rfc822Name;
        break;
      case GEN_URI:
        s = n->d.uniformResourceIdentifier;
        break;
      case GEN_IPADD: {
        const unsigned char* p = ASN1_STRING_get0_data(n->d.iPAddress);
        int len = ASN1_STRING_length(n->d.iPAddress);
        static constexpr unsigned char kV4Mapped[12] = {0, 0, 0, 0, 0,    0,
                                                        0, 0, 0, 0, 0xff, 0xff};
        char buf[INET6_ADDRSTRLEN] = {};
        if (len == 4) {
          inet_ntop(AF_INET, p, buf, sizeof(buf));
        } else if (len == 16 && std::equal(p, p + 12, kV4Mapped)) {
          inet_ntop(AF_INET, p + 12, buf, sizeof(buf));
        } else if (len == 16) {
          inet_ntop(AF_INET6, p, buf, sizeof(buf));
        }
        if (buf[0] != '\0') out.emplace_back(buf);
        continue;
      }
      default:
        continue;
    }
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
  }
  return out;
}

// Runs instead of OpenSSL's chain verification whenever a client sent a
// certificate: verifies the chain only for the Verify* policies, then
// applies client_allowed_sans to the leaf.
int VerifyClientCertificate(X509_STORE_CTX* store, void* arg) {
  const auto& o = *static_cast<const TlsServerOptions*>(arg);
  bool verify = o.client_auth == ClientAuthType::kVerifyClientCertIfGiven ||
                o.client_auth == ClientAuthType::kRequireAndVerifyClientCert;
  if (verify && X509_verify_cert(store) <= 0) return 0;
  if (o.client_allowed_sans.empty()) return 1;
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (leaf != nullptr) {
    for (const std::string& san : SubjectAltNames(leaf)) {
      if (std::find(o.client_allowed_sans.begin(), o.client_allowed_sans.end(),
                    san) != o.client_allowed_sans.end()) {
        return 1;
      }
    }
  }
  X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
  return 0;
}

}  // namespace

namespace internal {

TlsContext::TlsContext(TlsServerOptions o)
    : options(std::move(o)), ssl(ssl::context::tls_server) {}

Result<std::unique_ptr<TlsContext>> MakeTlsContext(TlsServerOptions options) {
  auto ctx = std::make_unique<TlsContext>(std::move(options));
  const TlsServerOptions& o = ctx->options;
  SSL_CTX* c = ctx->ssl.native_handle();
  ERR_clear_error();

  if (ProtoVersion(o.min_version) > ProtoVersion(o.max_version)) {
    return InvalidArgumentError("min_version is greater than max_version");
  }
  SSL_CTX_set_min_proto_version(c, ProtoVersion(o.min_version));
  SSL_CTX_set_max_proto_version(c, ProtoVersion(o.max_version));

  boost::system::error_code ec;
  ctx->ssl.use_certificate_chain(boost::asio::buffer(o.cert_pem), ec);
  if (ec) {
    ERR_clear_error();
    return InvalidArgumentError("failed to load X509KeyPair: certificate: " +
                                ec.message());
  }
  ctx->ssl.use_private_key(boost::asio::buffer(o.key_pem), ssl::context::pem,
                           ec);
  if (ec) {
    ERR_clear_error();
    if (ec.category() == boost::asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(  // NOLINT(runtime/int)
            ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
      return InvalidArgumentError(
          "failed to load X509KeyPair: private key does not match public "
          "key");
    }
    return InvalidArgumentError("failed to load X509KeyPair: key: " +
                                ec.message());
  }
  if (SSL_CTX_check_private_key(c) != 1) {
    return InvalidArgumentError(
        "failed to load X509KeyPair: " +
        OpenSslReason("private key does not match public key"));
  }

  if (!o.cipher_suites.empty()) {
    ASSIGN_OR_RETURN(std::string list, OpenSslCipherList(o.cipher_suites));
    if (!list.empty() && SSL_CTX_set_cipher_list(c, list.c_str()) != 1) {
      return InvalidArgumentError("cipher_suites: " +
                                  OpenSslReason("no usable cipher"));
    }
  }
  if (o.prefer_server_cipher_suites) {
    SSL_CTX_set_options(c, SSL_OP_CIPHER_SERVER_PREFERENCE);
  } else {
    SSL_CTX_clear_options(c, SSL_OP_CIPHER_SERVER_PREFERENCE);
  }
  if (!o.curve_preferences.empty()) {
    std::string groups;
    for (const std::string& g : o.curve_preferences) {
      if (!groups.empty()) groups += ':';
      groups += g;
    }
    if (SSL_CTX_set1_groups_list(c, groups.c_str()) != 1) {
      ERR_clear_error();
      return InvalidArgumentError("unknown curve in: " + groups);
    }
  }

  if (!o.client_ca_pem.empty()) {
    auto cas = ReadCertificates(o.client_ca_pem);
    if (cas.empty()) {
      return InvalidArgumentError("client_ca: no certificate found");
    }
    X509_STORE* store = SSL_CTX_get_cert_store(c);
    for (auto& ca : cas) {
      X509_STORE_add_cert(store, ca.get());
      SSL_CTX_add_client_CA(c, ca.get());
    }
    ERR_clear_error();  // A duplicate CA is reported but harmless.
  } else if (o.client_auth == ClientAuthType::kVerifyClientCertIfGiven ||
             o.client_auth == ClientAuthType::kRequireAndVerifyClientCert) {
    SSL_CTX_set_default_verify_paths(c);
  }

  int mode = SSL_VERIFY_NONE;
  switch (o.client_auth) {
    case ClientAuthType::kNoClientCert:
      break;
    case ClientAuthType::kRequestClientCert:
    case ClientAuthType::kVerifyClientCertIfGiven:
      mode = SSL_VERIFY_PEER;
      break;
    case ClientAuthType::kRequireAnyClientCert:
    case ClientAuthType::kRequireAndVerifyClientCert:
      mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
      break;
  }
  SSL_CTX_set_verify(c, mode, nullptr);
  SSL_CTX_set_cert_verify_callback(
      c, &VerifyClientCertificate,
      const_cast<TlsServerOptions*>(&ctx->options));
  static constexpr unsigned char kSessionContext[] = "tocsin";
  SSL_CTX_set_session_id_context(c, kSessionContext,
                                 sizeof(kSessionContext) - 1);
  SSL_CTX_set_options(c, SSL_OP_NO_RENEGOTIATION);
  return ctx;
}

}  // namespace internal

Status CheckTlsServerOptions(const TlsServerOptions& options) {
  auto ctx = internal::MakeTlsContext(options);
  return ctx.ok() ? Status::Ok() : ctx.status();
}

}  // namespace tocsin::net
