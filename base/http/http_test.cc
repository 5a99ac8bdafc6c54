// Tests for the plain HTTP values: header lookup and idempotency.
#include "base/http/http.h"

#include <doctest/doctest.h>

namespace fedplan {

TEST_CASE("header lookup ignores case and keeps order") {
  HttpHeaders h;
  h.add("Content-Type", "application/json");
  h.add("Set-Cookie", "a=1");
  h.add("set-cookie", "b=2");
  CHECK(h.get("content-type") == "application/json");
  CHECK(h.get("CONTENT-TYPE") == "application/json");
  CHECK(h.get("Set-Cookie") == "a=1");
  CHECK(h.find("x-missing") == nullptr);
  CHECK(h.get("x-missing").empty());
  h.set("SET-COOKIE", "c=3");
  CHECK(h.items.size() == 2);
  CHECK(h.get("set-cookie") == "c=3");
  h.remove("content-TYPE");
  CHECK_FALSE(h.has("Content-Type"));
}

TEST_CASE("idempotency follows the method unless the request says otherwise") {
  HttpRequest r;
  for (const char* m : {"GET", "head", "PUT", "DELETE", "OPTIONS"}) {
    r.method = m;
    CHECK(is_idempotent(r));
  }
  for (const char* m : {"POST", "PATCH"}) {
    r.method = m;
    CHECK_FALSE(is_idempotent(r));
  }
  r.method = "PATCH";
  r.idempotent = true;  // e.g. server-side apply
  CHECK(is_idempotent(r));
  r.method = "GET";
  r.idempotent = false;
  CHECK_FALSE(is_idempotent(r));
}

TEST_CASE("response helpers") {
  HttpResponse r;
  r.status = 204;
  CHECK(r.ok());
  r.status = 404;
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.transport_failed());
  r = HttpResponse{};
  r.error = HttpError::Timeout;
  CHECK(r.transport_failed());
  CHECK_FALSE(r.ok());
  CHECK(http_error_name(HttpError::TlsVerify) == "tls-verify");
}

}  // namespace fedplan
