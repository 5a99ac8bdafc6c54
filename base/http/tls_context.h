// OpenSSL plumbing for the Beast transport: the client context from a TlsConfig, per-connection
// SNI and host checks, and readable messages for handshake failures. Internal to fedplan_net.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>
#include <memory>
#include <string>

#include "base/http/http.h"
#include "base/http/tls_config.h"

namespace fedplan {

// Builds a TLS client context (TLS 1.2 or newer) with the CAs, verification mode and client
// certificate of `tls`. nullptr and *err on bad or unreadable material.
std::unique_ptr<boost::asio::ssl::context> make_client_tls_context(const TlsConfig& tls,
                                                                   std::string* err);

// Sets SNI and the expected host name or IP address on a new connection's SSL object.
// `url_host` is the URL's host without brackets. False and *err if OpenSSL refuses.
bool prepare_tls_connection(SSL* ssl, const TlsConfig& tls, const std::string& url_host,
                            std::string* err);

// Classifies a failed handshake or TLS read/write: TlsVerify when the peer's certificate was
// rejected (message says why, e.g. "unable to get local issuer certificate"), else Tls.
HttpError describe_tls_failure(SSL* ssl, const boost::system::error_code& ec, std::string* what);

// Whether `ec` is in OpenSSL's error category (a TLS-level failure rather than a socket one).
bool is_tls_error(const boost::system::error_code& ec);

}  // namespace fedplan
