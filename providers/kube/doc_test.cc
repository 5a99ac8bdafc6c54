// Tests of Doc, the kube provider's JSON with marks: Values survive the trip with their
// sensitive marks and unknown kinds, edits keep marks where they belong, and the comparisons
// the plans rely on.
#include "providers/kube/doc.h"

#include <doctest/doctest.h>

namespace fedplan::kube {
namespace {

using nlohmann::json;

Value manifest_with_marks() {
  return Value::object({
      {"apiVersion", Value::string("v1")},
      {"kind", Value::string("ConfigMap")},
      {"metadata", Value::object({{"name", Value::unknown(ValueKind::String)}})},
      {"data", Value::map({{"token", Value::string("t").mark_sensitive()},
                           {"list", Value::list({Value::number(1), Value::unknown()})}})},
      {"gone", Value()},
  });
}

TEST_CASE("a Value becomes a Doc and comes back with its marks and unknown kinds") {
  Value v = manifest_with_marks();
  Doc d = to_doc(v);
  CHECK(d.json["data"]["token"] == "t");
  CHECK(d.json["metadata"]["name"].is_null());
  CHECK_FALSE(d.wholly_known());
  CHECK(d.known());
  CHECK(d.unknown_at({PathStep::attr("metadata"), PathStep::attr("name")}));
  CHECK_FALSE(d.wholly_known_at({PathStep::attr("data")}));
  CHECK(d.wholly_known_at({PathStep::attr("kind")}));
  Value back = to_value(d);
  CHECK(back.get("data")->get("token")->sensitive());
  CHECK(back.get("metadata")->get("name")->kind() == ValueKind::String);
  CHECK_FALSE(back.get("metadata")->get("name")->known());
  CHECK_FALSE(back.get("data")->get("list")->at(1)->known());
  CHECK(back.get("gone")->is_null());
  CHECK(to_value(to_doc(Value::unknown(ValueKind::Tuple))).kind() == ValueKind::Tuple);
}

TEST_CASE("attributes and elements carry their own marks, edits move marks with values") {
  Doc d = to_doc(Value::object({{"manifest", manifest_with_marks()},
                                {"items", Value::tuple({Value::string("a").mark_sensitive()})}}));
  Doc m = d.at("manifest");
  REQUIRE(m.sensitive.size() == 1);
  CHECK(path_to_string(m.sensitive[0]) == ".data.token");
  CHECK(d.at("items").at(size_t{0}).sensitive == std::vector<ValuePath>{ValuePath{}});
  CHECK(d.at("nothing").is_null());
  CHECK(d.at("items").at(size_t{5}).is_null());

  Doc out{json::object()};
  out.set("copy", m);
  out.set("copy", m);  // replacing leaves one set of marks
  CHECK(out.sensitive.size() == 1);
  CHECK(to_value(out).get("copy")->get("data")->get("token")->sensitive());
  out.set("copy", Doc{json("plain")});
  CHECK(out.sensitive.empty());
  CHECK(out.unknown.empty());

  Doc list{json::array()};
  list.push_back(Doc{json(1)});
  list.push_back(Doc::unknown_value(ValueKind::String));
  Value lv = to_value(list);
  CHECK(lv.at(0)->as_number() == 1);
  CHECK(lv.at(1)->kind() == ValueKind::String);
  CHECK_FALSE(lv.at(1)->known());
}

TEST_CASE("a canonical manifest drops null attributes but keeps unknown ones") {
  Doc n = normalize_manifest(to_doc(manifest_with_marks()));
  CHECK_FALSE(n.json.contains("gone"));
  CHECK(n.json["metadata"].contains("name"));
  CHECK(to_value(n).get("data")->get("token")->sensitive());
}

TEST_CASE("same_json ignores nulls and marks, same_doc does not") {
  Doc a = to_doc(Value::object({{"k", Value::string("v")}}));
  Doc b = to_doc(Value::object({{"k", Value::string("v").mark_sensitive()}, {"n", Value()}}));
  CHECK(same_json(a, b));
  CHECK_FALSE(same_doc(a, b));
  Doc c = to_doc(Value::object({{"k", Value::string("v").mark_sensitive()}}));
  CHECK_FALSE(same_doc(b, c));  // the null attribute
  b.json.erase("n");
  CHECK(same_doc(b, c));
  CHECK_FALSE(same_json(a, to_doc(Value::object({{"k", Value::unknown()}}))));
}

TEST_CASE("sensitive paths are the outermost existing ones, and Secrets mark their data") {
  Doc d = to_doc(Value::object(
      {{"a", Value::object({{"b", Value::string("x").mark_sensitive()}}).mark_sensitive()},
       {"c", Value::string("y")}}));
  d.sensitive.push_back({PathStep::attr("missing")});
  std::vector<ValuePath> s = sensitive_paths(d);
  REQUIRE(s.size() == 1);
  CHECK(path_to_string(s[0]) == ".a");

  Doc secret =
      marked(json{{"apiVersion", "v1"}, {"kind", "Secret"}, {"data", {{"k", "dg=="}}}}, {});
  CHECK(to_value(secret).get("data")->sensitive());
  Doc other = marked(json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"data", {{"k", "v"}}}}, {});
  CHECK_FALSE(to_value(other).get("data")->sensitive());
}

TEST_CASE("string and bool attributes read as empty and false unless known and of the type") {
  Doc d = to_doc(Value::object({{"s", Value::string("x")},
                                {"b", Value::boolean(true)},
                                {"u", Value::unknown(ValueKind::Bool)},
                                {"n", Value::number(3)}}));
  CHECK(string_attr(d, "s") == "x");
  CHECK(string_attr(d, "n").empty());
  CHECK(bool_attr(d, "b"));
  CHECK_FALSE(bool_attr(d, "u"));
  CHECK_FALSE(bool_attr(d, "missing"));
  CHECK(json_type_name(json::array()) == "tuple");
}

}  // namespace
}  // namespace fedplan::kube
