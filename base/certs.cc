// X.509 generation and inspection with OpenSSL 3 (EVP keys, v3 extensions, PEM in memory).
#include "base/certs.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

#include "base/digest.h"

namespace fedplan {

namespace {

template <class T, void (*F)(T*)>
struct CertsDeleter {
  void operator()(T* p) const { F(p); }
};
using CertsKey = std::unique_ptr<EVP_PKEY, CertsDeleter<EVP_PKEY, EVP_PKEY_free>>;
using CertsX509 = std::unique_ptr<X509, CertsDeleter<X509, X509_free>>;
using CertsBio = std::unique_ptr<BIO, CertsDeleter<BIO, BIO_free_all>>;

std::string certs_openssl_error(const std::string& what) {
  unsigned long e = ERR_get_error();
  char buf[256] = {0};
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return what + (e ? std::string(": ") + buf : std::string());
}

CertsKey certs_generate(KeyType type) {
  if (type == KeyType::Rsa2048) return CertsKey(EVP_RSA_gen(2048));
  return CertsKey(EVP_EC_gen("P-256"));
}

std::string certs_bio_string(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string certs_cert_pem(X509* cert) {
  CertsBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return certs_bio_string(bio.get());
}

std::string certs_key_pem(EVP_PKEY* key) {
  CertsBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return certs_bio_string(bio.get());
}

CertsX509 certs_read_cert(const std::string& pem) {
  CertsBio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return CertsX509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

CertsKey certs_read_key(const std::string& pem) {
  CertsBio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return CertsKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

bool certs_add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1;
}

std::string certs_spki_sha256(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return "";
  std::string out = sha256_hex(std::string_view(reinterpret_cast<char*>(der), len));
  OPENSSL_free(der);
  return out;
}

// A certificate skeleton: version 3, random serial, validity, subject, public key.
CertsX509 certs_new_cert(EVP_PKEY* key, const std::string& cn, const std::string& org, int days,
                         CertClock now = std::nullopt) {
  CertsX509 cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  std::time_t t =
      std::chrono::system_clock::to_time_t(now.value_or(std::chrono::system_clock::now()));
  X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -3600, &t);
  X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, &t);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!org.empty())
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0);
  if (!cn.empty())
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  return cert;
}

}  // namespace

bool make_ca(const std::string& common_name, const std::string& organization, int days,
             KeyType key_type, CertKey* out, std::string* err, CertClock now) {
  CertsKey key = certs_generate(key_type);
  if (!key) {
    *err = certs_openssl_error("generating a key");
    return false;
  }
  CertsX509 cert = certs_new_cert(key.get(), common_name, organization, days, now);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  bool ok = certs_add_ext(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
            certs_add_ext(cert.get(), cert.get(), NID_key_usage,
                          "critical,digitalSignature,keyCertSign,cRLSign") &&
            certs_add_ext(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  if (!ok || X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    *err = certs_openssl_error("signing the CA certificate");
    return false;
  }
  out->cert_pem = certs_cert_pem(cert.get());
  out->key_pem = certs_key_pem(key.get());
  return true;
}

bool make_intermediate_ca(const CertKey& issuer, const std::string& common_name,
                          const std::string& organization, int days, KeyType key_type, CertKey* out,
                          std::string* err, CertClock now) {
  CertsX509 ca_cert = certs_read_cert(issuer.cert_pem);
  CertsKey ca_key = certs_read_key(issuer.key_pem);
  if (!ca_cert || !ca_key) {
    *err = certs_openssl_error("reading the issuing CA");
    return false;
  }
  if (X509_check_private_key(ca_cert.get(), ca_key.get()) != 1) {
    *err = certs_openssl_error("the issuing CA's key does not belong to its certificate");
    return false;
  }
  CertsKey key = certs_generate(key_type);
  if (!key) {
    *err = certs_openssl_error("generating a key");
    return false;
  }
  CertsX509 cert = certs_new_cert(key.get(), common_name, organization, days, now);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get()));
  // An intermediate outliving its root would be refused by verifiers anyway.
  const ASN1_TIME* root_end = X509_get0_notAfter(ca_cert.get());
  if (ASN1_TIME_compare(X509_get0_notAfter(cert.get()), root_end) > 0)
    X509_set1_notAfter(cert.get(), root_end);
  bool ok = certs_add_ext(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
            certs_add_ext(cert.get(), ca_cert.get(), NID_key_usage,
                          "critical,digitalSignature,keyCertSign,cRLSign") &&
            certs_add_ext(cert.get(), ca_cert.get(), NID_subject_key_identifier, "hash") &&
            certs_add_ext(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always");
  if (!ok || X509_sign(cert.get(), ca_key.get(), EVP_sha256()) == 0) {
    *err = certs_openssl_error("signing the intermediate CA certificate");
    return false;
  }
  out->cert_pem = certs_cert_pem(cert.get());
  out->key_pem = certs_key_pem(key.get());
  return true;
}

bool make_serving_cert(const CertKey& ca, const std::string& common_name,
                       const std::vector<std::string>& dns_names,
                       const std::vector<std::string>& ip_addresses, int days, CertKey* out,
                       std::string* err) {
  CertsX509 ca_cert = certs_read_cert(ca.cert_pem);
  CertsKey ca_key = certs_read_key(ca.key_pem);
  if (!ca_cert || !ca_key) {
    *err = certs_openssl_error("reading the CA");
    return false;
  }
  CertsKey key = certs_generate(KeyType::EcP256);
  if (!key) {
    *err = certs_openssl_error("generating a key");
    return false;
  }
  CertsX509 cert = certs_new_cert(key.get(), common_name, "", days);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get()));
  std::string san;
  for (const std::string& d : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const std::string& ip : ip_addresses)
    san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  bool ok =
      certs_add_ext(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
      certs_add_ext(cert.get(), ca_cert.get(), NID_key_usage,
                    "critical,digitalSignature,keyEncipherment") &&
      certs_add_ext(cert.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth") &&
      certs_add_ext(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always") &&
      (san.empty() || certs_add_ext(cert.get(), ca_cert.get(), NID_subject_alt_name, san));
  if (!ok || X509_sign(cert.get(), ca_key.get(), EVP_sha256()) == 0) {
    *err = certs_openssl_error("signing the serving certificate");
    return false;
  }
  out->cert_pem = certs_cert_pem(cert.get());
  out->key_pem = certs_key_pem(key.get());
  return true;
}

bool inspect_cert(const std::string& pem, CertInfo* out, std::string* err) {
  CertsX509 cert = certs_read_cert(pem);
  if (!cert) {
    *err = certs_openssl_error("not a PEM certificate");
    return false;
  }
  auto name_text = [](X509_NAME* n) {
    CertsBio bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), n, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
    return certs_bio_string(bio.get());
  };
  out->subject = name_text(X509_get_subject_name(cert.get()));
  out->issuer = name_text(X509_get_issuer_name(cert.get()));
  out->is_ca = X509_check_ca(cert.get()) > 0;
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert.get()), nullptr);
  char* hex = BN_bn2hex(bn);
  out->serial_hex = hex;
  OPENSSL_free(hex);
  BN_free(bn);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert.get(), EVP_sha256(), md, &len);
  static const char digits[] = "0123456789ABCDEF";
  out->sha256_fingerprint.clear();
  for (unsigned i = 0; i < len; ++i) {
    if (i) out->sha256_fingerprint += ':';
    out->sha256_fingerprint += digits[md[i] >> 4];
    out->sha256_fingerprint += digits[md[i] & 15];
  }
  EVP_PKEY* pub = X509_get0_pubkey(cert.get());
  out->self_signed = out->subject == out->issuer && pub && X509_verify(cert.get(), pub) == 1;
  out->public_key_sha256 = pub ? certs_spki_sha256(pub) : "";
  struct tm end {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &end) == 1)
    out->not_after = std::chrono::system_clock::from_time_t(timegm(&end));
  ERR_clear_error();
  return true;
}

std::string key_public_sha256(const std::string& key_pem, std::string* err) {
  CertsKey key = certs_read_key(key_pem);
  if (!key) {
    *err = certs_openssl_error("not a PEM private key");
    return "";
  }
  return certs_spki_sha256(key.get());
}

bool cert_signed_by(const std::string& cert_pem, const std::string& issuer_pem) {
  CertsX509 cert = certs_read_cert(cert_pem);
  CertsX509 issuer = certs_read_cert(issuer_pem);
  bool ok = cert && issuer && X509_check_issued(issuer.get(), cert.get()) == X509_V_OK &&
            X509_verify(cert.get(), X509_get0_pubkey(issuer.get())) == 1;
  ERR_clear_error();
  return ok;
}

std::string random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes));
  return to_hex(raw);
}

}  // namespace fedplan
