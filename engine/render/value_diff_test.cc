// The value differ on its own: nested updates with hidden counts, lists, heredocs, kind changes,
// unknown and sensitive values, and where `# forces replacement` lands.
#include "engine/render/value_diff.h"

#include <doctest/doctest.h>

#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

std::string body(const Value& before, const Value& after, DiffOp op,
                 const std::vector<ValuePath>& replace = {}) {
  DiffLines lines;
  diff_object_body(before, after, op, 1, replace, &lines);
  return format_text_lines(lines, false);
}

TEST_CASE("an update shows changed attributes, identifying ones, and counts the rest") {
  Value before = Obj({{"id", S("cm-1")},
                      {"kind", S("ConfigMap")},
                      {"apiVersion", S("v1")},
                      {"metadata", Obj({{"name", S("peer-ca")},
                                        {"namespace", S("mesh1-system")},
                                        {"labels", Map({{"app", S("ca")}, {"tier", S("a")}})},
                                        {"annotations", Map({{"a", S("1")}})}})},
                      {"data", Obj({{"x", S("1")}})}});
  Value after = Obj({{"id", S("cm-1")},
                     {"kind", S("ConfigMap")},
                     {"apiVersion", S("v1")},
                     {"metadata", Obj({{"name", S("peer-ca")},
                                       {"namespace", S("mesh1-system")},
                                       {"labels", Map({{"app", S("ca")}, {"tier", S("b")}})},
                                       {"annotations", Map({{"a", S("1")}})}})},
                     {"data", Obj({{"x", S("1")}})}});
  CHECK(body(before, after, DiffOp::Change) == R"(        id       = "cm-1"
        kind     = "ConfigMap"
      ~ metadata = {
          ~ labels    = {
              ~ "tier" = "a" -> "b"
                # (1 unchanged element hidden)
            }
            name      = "peer-ca"
            namespace = "mesh1-system"
            # (1 unchanged attribute hidden)
        }
        # (2 unchanged attributes hidden)
)");
}

TEST_CASE("added and removed attributes carry their own markers, names aligned among those shown") {
  Value before = Obj({{"spec", Obj({{"old", N(1)}, {"keep", N(2)}})}});
  Value after = Obj({{"spec", Obj({{"new", B(true)}, {"keep", N(2)}})}});
  CHECK(body(before, after, DiffOp::Change) == R"(      ~ spec = {
          + new = true
          - old = 1 -> null
            # (1 unchanged attribute hidden)
        }
)");
}

TEST_CASE("a list of plain values shows one element of context either side of a change") {
  Value before = Obj({{"ports", List({N(1), N(2), N(3), N(4), N(5), N(6), N(7)})}});
  Value after = Obj({{"ports", List({N(1), N(2), N(3), N(40), N(5), N(6), N(7), N(8)})}});
  CHECK(body(before, after, DiffOp::Change) == R"(      ~ ports = [
            # (2 unchanged elements hidden)
            3,
          - 4,
          + 40,
            5,
            # (1 unchanged element hidden)
            7,
          + 8,
        ]
)");
}

TEST_CASE("a list of objects compares an object changed in place attribute by attribute") {
  Value c1 = Obj({{"name", S("proxy")}, {"image", S("istio/proxyv2:1.20")}, {"cpu", S("100m")}});
  Value c2 = Obj({{"name", S("proxy")}, {"image", S("istio/proxyv2:1.21")}, {"cpu", S("100m")}});
  Value other = Obj({{"name", S("app")}, {"image", S("app:1")}});
  Value before = Obj({{"containers", List({other, c1})}});
  Value after = Obj({{"containers", List({other, c2})}});
  CHECK(body(before, after, DiffOp::Change) == R"(      ~ containers = [
            # (1 unchanged element hidden)
          ~ {
              ~ image = "istio/proxyv2:1.20" -> "istio/proxyv2:1.21"
                name  = "proxy"
                # (1 unchanged attribute hidden)
            },
        ]
)");
}

TEST_CASE("an object appended to a list shows after the unchanged elements, in true order") {
  Value r1 = Obj({{"name", S("ratings")}});
  Value r2 = Obj({{"name", S("mongodb")}});
  Value r3 = Obj({{"name", S("reviews")}});
  Value r0 = Obj({{"name", S("details")}});
  CHECK(body(Obj({{"rules", List({r1, r2})}}), Obj({{"rules", List({r1, r2, r3})}}),
             DiffOp::Change) == R"(      ~ rules = [
            # (2 unchanged elements hidden)
          + {
              + name = "reviews"
            },
        ]
)");
  // Unchanged runs before, between and after the changes are each counted where they are.
  CHECK(body(Obj({{"rules", List({r1, r2})}}), Obj({{"rules", List({r0, r1, r3, r2})}}),
             DiffOp::Change) == R"(      ~ rules = [
          + {
              + name = "details"
            },
            # (1 unchanged element hidden)
          + {
              + name = "reviews"
            },
            # (1 unchanged element hidden)
        ]
)");
}

TEST_CASE("a multi-line string is a heredoc, and its update is a line diff") {
  Value before =
      Obj({{"pem", S("-----BEGIN-----\nl1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n-----END-----\n")}});
  Value after =
      Obj({{"pem", S("-----BEGIN-----\nl1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\n-----END-----\n")}});
  CHECK(body(Value(), after, DiffOp::Add) == R"(      + pem = <<-EOT
            -----BEGIN-----
            l1
            l2
            l3
            l4
            L5
            l6
            l7
            l8
            -----END-----
        EOT
)");
  CHECK(body(before, after, DiffOp::Change) == R"(      ~ pem = <<-EOT
            # (2 unchanged lines hidden)
            l2
            l3
            l4
          - l5
          + L5
            l6
            l7
            l8
            # (1 unchanged line hidden)
        EOT
)");
}

TEST_CASE("a multi-line string changed inside a list is a line diff, with context around it") {
  Value before = Obj({{"scripts", List({S("a"), S("set -e\nold\n"), S("c"), S("d")})}});
  Value after = Obj({{"scripts", List({S("a"), S("set -e\nnew\n"), S("c"), S("d")})}});
  CHECK(body(before, after, DiffOp::Change) == R"(      ~ scripts = [
            "a",
          ~ <<-EOT
                set -e
              - old
              + new
            EOT,
            "c",
            # (1 unchanged element hidden)
        ]
)");
}

TEST_CASE("a heredoc picks another delimiter when a line is EOT") {
  Value after = Obj({{"script", S("cat <<EOT\nhi\nEOT\n")}});
  CHECK(body(Value(), after, DiffOp::Add) == R"(      + script = <<-EOT_
            cat <<EOT
            hi
            EOT
        EOT_
)");
}

TEST_CASE("strings differing only in a trailing newline are shown quoted") {
  Value before = Obj({{"s", S("a\nb\n")}});
  Value after = Obj({{"s", S("a\nb")}});
  CHECK(body(before, after, DiffOp::Change) == "      ~ s = \"a\\nb\\n\" -> \"a\\nb\"\n");
}

TEST_CASE("a value that changes kind is removed and added") {
  Value before = Obj({{"v", S("flat")}});
  Value after = Obj({{"v", Obj({{"nested", N(1)}})}});
  CHECK(body(before, after, DiffOp::Change) == R"(      - v = "flat" -> null
      + v = {
          + nested = 1
        }
)");
}

TEST_CASE("a collection that becomes unknown shows what goes and that the rest comes later") {
  Value before = Obj({{"status", Obj({{"ip", S("10.0.0.1")}})}});
  Value after = Obj({{"status", Unknown()}});
  CHECK(body(before, after, DiffOp::Change) == R"(      ~ status = {
          - ip = "10.0.0.1" -> null
        } -> (known after apply)
)");
}

TEST_CASE("unknown values read (known after apply) in creates and updates") {
  Value after = Obj({{"uid", Unknown()}, {"ips", List({S("10.0.0.1"), Unknown()})}});
  CHECK(body(Value(), after, DiffOp::Add) == R"(      + ips = [
          + "10.0.0.1",
          + (known after apply),
        ]
      + uid = (known after apply)
)");
}

TEST_CASE("sensitive values are never opened, whatever their shape") {
  Value before = Obj({{"token", Secret("old-secret")},
                      {"creds", Obj({{"user", S("admin")}, {"pass", S("p4ss")}}).mark_sensitive()},
                      {"pem", Secret("line1\nline2\n")}});
  Value after = Obj({{"token", Secret("new-secret")},
                     {"creds", Obj({{"user", S("admin")}, {"pass", S("p5ss")}}).mark_sensitive()},
                     {"pem", Secret("line1\nline3\n")}});
  std::string text = body(before, after, DiffOp::Change);
  CHECK(text == R"(      ~ creds = (sensitive value)
      ~ pem   = (sensitive value)
      ~ token = (sensitive value)
)");
  CHECK(body(Value(), after, DiffOp::Add) == R"(      + creds = (sensitive value)
      + pem   = (sensitive value)
      + token = (sensitive value)
)");
}

TEST_CASE("a value that only becomes sensitive is shown as a change without its content") {
  Value before = Obj({{"token", S("plain")}});
  Value after = Obj({{"token", Secret("plain")}});
  CHECK(body(before, after, DiffOp::Change) == "      ~ token = (sensitive value)\n");
}

TEST_CASE("forces replacement marks the attribute, a collection header, or the sensitive line") {
  Value before = Obj({{"spec", Obj({{"class", S("a")}, {"size", N(1)}})},
                      {"zone", S("public")},
                      {"key", Secret("k1")}});
  Value after = Obj({{"spec", Obj({{"class", S("b")}, {"size", N(2)}})},
                     {"zone", S("internal")},
                     {"key", Secret("k2")}});
  std::vector<ValuePath> replace = {{PathStep::attr("spec")},
                                    {PathStep::attr("zone")},
                                    {PathStep::attr("key"), PathStep::attr("inner")}};
  CHECK(body(before, after, DiffOp::Change, replace) ==
        R"(      ~ key  = (sensitive value) # forces replacement
      ~ spec = { # forces replacement
          ~ class = "a" -> "b"
          ~ size  = 1 -> 2
        }
      ~ zone = "public" -> "internal" # forces replacement
)");
}

TEST_CASE("empty collections print inline and null attributes are left out of creates") {
  Value after = Obj({{"labels", Map({})}, {"ports", List({})}, {"note", Value()}});
  CHECK(body(Value(), after, DiffOp::Add) == R"(      + labels = {}
      + ports  = []
)");
}

TEST_CASE("map keys are quoted, object keys only when they are not identifiers") {
  Value after = Obj({{"plain", N(1)}, {"with.dot", N(2)}, {"m", Map({{"k", N(3)}})}});
  CHECK(body(Value(), after, DiffOp::Add) == R"(      + m          = {
          + "k" = 3
        }
      + plain      = 1
      + "with.dot" = 2
)");
}

TEST_CASE("prints_same compares content and marks, not list/tuple kinds") {
  CHECK(prints_same(List({N(1), S("a")}), Value::tuple({N(1), S("a")})));
  CHECK(prints_same(Map({{"a", N(1)}}), Obj({{"a", N(1)}})));
  CHECK_FALSE(prints_same(S("a"), Secret("a")));
  CHECK_FALSE(prints_same(S("a"), Unknown()));
  CHECK(prints_same(Unknown(), Unknown()));
  CHECK_FALSE(prints_same(N(1), S("1")));
  CHECK_FALSE(prints_same(Obj({{"a", N(1)}}), Obj({{"b", N(1)}})));
}

}  // namespace
}  // namespace fedplan
