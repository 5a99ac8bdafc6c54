// Client TLS context and per-connection verification settings for the Beast transport.
// Host checks use OpenSSL's own X509_VERIFY_PARAM so IP SANs work and errors are precise.
#include "base/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/error.hpp>

#include "base/http/url.h"

namespace fedplan {

namespace ssl = boost::asio::ssl;
using boost::system::error_code;

namespace {

bool failed(std::string* err, const std::string& what, const error_code& ec) {
  if (err) *err = what + ": " + ec.message();
  return true;
}

}  // namespace

std::unique_ptr<ssl::context> make_client_tls_context(const TlsConfig& tls, std::string* err) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  error_code ec;
  if (tls.insecure_skip_verify) {
    ctx->set_verify_mode(ssl::verify_none, ec);
  } else {
    ctx->set_verify_mode(ssl::verify_peer, ec);
    if (!tls.ca_pem.empty()) {
      ctx->add_certificate_authority(boost::asio::buffer(tls.ca_pem), ec);
      if (ec && failed(err, "cannot load the CA certificate data", ec)) return nullptr;
    }
    if (!tls.ca_file.empty()) {
      ctx->load_verify_file(tls.ca_file, ec);
      if (ec && failed(err, "cannot load the CA file " + tls.ca_file, ec)) return nullptr;
    }
    if (tls.ca_pem.empty() && tls.ca_file.empty()) {
      ctx->set_default_verify_paths(ec);
      if (ec && failed(err, "cannot load the system CA certificates", ec)) return nullptr;
    }
  }

  bool has_cert = !tls.client_cert_pem.empty() || !tls.client_cert_file.empty();
  bool has_key = !tls.client_key_pem.empty() || !tls.client_key_file.empty();
  if (has_cert != has_key) {
    if (err)
      *err = has_cert ? "a client certificate needs its private key as well"
                      : "a client key needs its certificate as well";
    return nullptr;
  }
  if (has_cert) {
    if (!tls.client_cert_pem.empty()) {
      ctx->use_certificate_chain(boost::asio::buffer(tls.client_cert_pem), ec);
    } else {
      ctx->use_certificate_chain_file(tls.client_cert_file, ec);
    }
    if (ec && failed(err, "cannot load the client certificate", ec)) return nullptr;
    if (!tls.client_key_pem.empty()) {
      ctx->use_private_key(boost::asio::buffer(tls.client_key_pem), ssl::context::pem, ec);
    } else {
      ctx->use_private_key_file(tls.client_key_file, ssl::context::pem, ec);
    }
    if (ec && ec.message().find("mismatch") != std::string::npos) {
      if (err) *err = "the client key does not match the client certificate";
      return nullptr;
    }
    if (ec && failed(err, "cannot load the client key", ec)) return nullptr;
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      ERR_clear_error();
      if (err) *err = "the client key does not match the client certificate";
      return nullptr;
    }
  }
  return ctx;
}

bool prepare_tls_connection(SSL* ssl, const TlsConfig& tls, const std::string& url_host,
                            std::string* err) {
  const std::string& name = tls.server_name.empty() ? url_host : tls.server_name;
  bool ip = is_ip_literal(name);
  // RFC 6066: SNI carries host names only, never IP literals.
  if (!ip && SSL_set_tlsext_host_name(ssl, name.c_str()) != 1) {
    ERR_clear_error();
    if (err) *err = "cannot set TLS server name '" + name + "'";
    return false;
  }
  if (tls.insecure_skip_verify) return true;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  int ok = 0;
  if (ip) {
    ok = X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    ok = X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
  }
  if (ok != 1) {
    ERR_clear_error();
    if (err) *err = "cannot set the expected certificate name '" + name + "'";
    return false;
  }
  return true;
}

HttpError describe_tls_failure(SSL* ssl, const error_code& ec, std::string* what) {
  long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
  if (verify != X509_V_OK) {
    std::string reason = X509_verify_cert_error_string(verify);
    std::string hint;
    if (verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
        verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
        verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) {
      hint = " (the server's certificate is not signed by a trusted CA; check the CA data)";
    } else if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH) {
      hint = " (the certificate is for another name; check the URL or the TLS server name)";
    }
    if (what) *what = "TLS certificate verification failed: " + reason + hint;
    return HttpError::TlsVerify;
  }
  std::string message = ec.message();
  if (message.find("certificate required") != std::string::npos ||
      message.find("handshake failure") != std::string::npos) {
    message += " (the server may require a client certificate; check the client cert and key)";
  } else if (message.find("unknown ca") != std::string::npos ||
             message.find("bad certificate") != std::string::npos) {
    message += " (the server rejected the client certificate)";
  }
  if (what) *what = "TLS failure: " + message;
  return HttpError::Tls;
}

bool is_tls_error(const error_code& ec) {
  return ec.category() == boost::asio::error::get_ssl_category() ||
         ec == boost::asio::ssl::error::stream_truncated;
}

}  // namespace fedplan
