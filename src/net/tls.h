#ifndef TOCSIN_NET_TLS_H_
#define TOCSIN_NET_TLS_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace tocsin::net {

// Who must present a client certificate and whether it is verified; the
// values and names of Go's crypto/tls.ClientAuthType.
enum class ClientAuthType {
  // No certificate is requested.
  kNoClientCert,
  // A certificate is requested but not required, and not verified.
  kRequestClientCert,
  // A certificate is required but not verified against client_ca.
  kRequireAnyClientCert,
  // A certificate is optional; one that is sent must verify.
  kVerifyClientCertIfGiven,
  // A certificate is required and must verify against client_ca.
  kRequireAndVerifyClientCert,
};

enum class TlsVersion { kTls10, kTls11, kTls12, kTls13 };

// Everything an HTTPS listener needs, as plain values (PEM text, not file
// names: the caller reads files so that errors can name them).
struct TlsServerOptions {
  // PEM certificate chain (leaf first) and its private key. Required.
  std::string cert_pem;
  std::string key_pem;
  // PEM CA certificates client certificates are verified against (and
  // whose names are sent in the CertificateRequest). Empty: the system
  // trust store is used when verification is asked for.
  std::string client_ca_pem;
  ClientAuthType client_auth = ClientAuthType::kNoClientCert;
  // Accepted protocol versions, inclusive. OpenSSL's default security
  // level refuses TLS 1.0/1.1 handshakes even when allowed here.
  TlsVersion min_version = TlsVersion::kTls12;
  TlsVersion max_version = TlsVersion::kTls13;
  // TLS <= 1.2 cipher suites by IANA name (Go's names), in preference
  // order; empty keeps OpenSSL's defaults. TLS 1.3 suites in the list are
  // accepted and ignored (as Go does).
  std::vector<std::string> cipher_suites;
  // The server picks the cipher by its own order rather than the client's.
  bool prefer_server_cipher_suites = true;
  // Key-exchange groups by OpenSSL name ("P-256", "X25519"), in order;
  // empty keeps OpenSSL's defaults.
  std::vector<std::string> curve_preferences;
  // When non-empty, the client certificate must carry one of these as a
  // DNS, e-mail, IP or URI subject alternative name (exact match).
  std::vector<std::string> client_allowed_sans;
};

// Builds (and discards) the OpenSSL context `options` describe, so that a
// configuration error is found before the server starts. Errors
// (InvalidArgument): "failed to load X509KeyPair: <OpenSSL reason>" for an
// unusable certificate or key, "client_ca: no certificate found" for a CA
// bundle without a certificate, "unknown cipher: <name>" for a cipher suite
// OpenSSL lacks, "unknown curve: <name>", and min > max version.
Status CheckTlsServerOptions(const TlsServerOptions& options);

}  // namespace tocsin::net

#endif  // TOCSIN_NET_TLS_H_
