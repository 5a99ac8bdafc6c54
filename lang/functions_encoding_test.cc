// Tests for JSON, YAML and base64 encoding and decoding and the SHA-256 digests, plus the
// filesystem functions env(), file() and templatefile() through a substituted context.
#include <map>

#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("jsonencode escapes <, >, & and U+2028, U+2029 as Terraform does") {
  CHECK(eval("jsonencode", {str("<a href=\"x\">&</a>")}) ==
        str(R"("\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e")"));
  CHECK(eval("jsonencode", {str("line\xE2\x80\xA8para\xE2\x80\xA9 \xE2\x82\xAC")}) ==
        str("\"line\\u2028para\\u2029 \xE2\x82\xAC\""));
  CHECK(eval("jsonencode", {Value::object({{"<k>", str("v")}})}) ==
        str(R"({"\u003ck\u003e":"v"})"));
}

TEST_CASE("jsonencode writes compact JSON with sorted keys") {
  Value v = Value::object({{"b", Value::tuple({num(1), num(2.5), yes()})}, {"a", Value()}});
  CHECK(eval("jsonencode", {v}) == str(R"({"a":null,"b":[1,2.5,true]})"));
  CHECK(eval("jsonencode", {str("x\"y")}) == str(R"("x\"y")"));
  CHECK_FALSE(eval("jsonencode", {Value::tuple({Value::unknown()})}).known());
  CHECK(eval("jsonencode", {Value::object({{"p", str("s").mark_sensitive()}})}).sensitive());
}

TEST_CASE("jsondecode reads JSON into objects and tuples") {
  Value v = eval("jsondecode", {str(R"({"a":[1,"x"],"b":{"c":null}})")});
  CHECK(v.kind() == ValueKind::Object);
  CHECK(*v.get("a") == Value::tuple({num(1), str("x")}));
  CHECK(v.get("b")->get("c")->is_null());
  CHECK(eval("jsondecode", {str("3")}) == num(3));
  FunctionResult r = call("jsondecode", {str("{\"a\": }")});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("invalid JSON: parse error at line 1, column 7") != std::string::npos);
}

TEST_CASE("jsondecode of a number too large for a double is an error on the argument") {
  FunctionResult r = call("jsondecode", {str("[1e309]")});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("invalid JSON: number overflow parsing '1e309'") != std::string::npos);
}

TEST_CASE("the decoders refuse 30,000 nested brackets with an error on the argument") {
  Value deep = str(std::string(30000, '[') + std::string(30000, ']'));
  for (const char* decoder : {"jsondecode", "yamldecode", "yamldecodeall"}) {
    CAPTURE(decoder);
    FunctionResult r = call(decoder, {deep});
    CHECK(r.error_arg == 0);
    CHECK(r.error.find("nested") != std::string::npos);
  }
}

TEST_CASE("jsondecode refuses input nested deeper than 256 levels") {
  std::string objects;
  for (int i = 0; i < 257; ++i) objects += "{\"a\":";
  objects += "1" + std::string(257, '}');
  CHECK(call("jsondecode", {str(objects)})
            .error.find("invalid JSON: nested more than 256 levels deep") != std::string::npos);
  // Exactly at the limit is fine.
  std::string ok = std::string(256, '[') + std::string(256, ']');
  CHECK(eval("jsondecode", {str(ok)}).kind() == ValueKind::Tuple);
}

TEST_CASE("yamldecode refuses input nested deeper than 256 levels") {
  std::string blocks;
  for (int i = 0; i < 300; ++i) blocks += std::string(static_cast<size_t>(i), ' ') + "a:\n";
  CHECK(call("yamldecode", {str(blocks)})
            .error.find("invalid YAML: nested more than 256 levels deep") != std::string::npos);
  CHECK(call("yamldecodeall", {str(blocks)}).error.find("nested more than 256 levels deep") !=
        std::string::npos);
}

TEST_CASE("yamldecode reads the first document with core-schema scalars") {
  Value v = eval("yamldecode", {str("apiVersion: v1\nkind: ConfigMap\ndata:\n  port: 8080\n"
                                    "  enabled: true\n  quoted: \"8080\"\n  nothing: ~\n")});
  CHECK(*v.get("kind") == str("ConfigMap"));
  CHECK(*v.get("data")->get("port") == num(8080));
  CHECK(*v.get("data")->get("enabled") == yes());
  CHECK(*v.get("data")->get("quoted") == str("8080"));
  CHECK(v.get("data")->get("nothing")->is_null());
  CHECK(*eval("yamldecode", {str("- a\n- b\n---\n- c\n")}).at(1) == str("b"));
  CHECK(eval("yamldecode", {str("")}).is_null());
}

TEST_CASE("yamldecode and yamldecodeall read YAML 1.1 bool words as Terraform does") {
  Value v = eval("yamldecode", {str("tls: on\nlegacy: No\nname: 'yes'\nn: 1\n")});
  CHECK(*v.get("tls") == yes());
  CHECK(*v.get("legacy") == no());
  CHECK(*v.get("name") == str("yes"));
  CHECK(*v.get("false") == num(1));
  CHECK(*eval("yamldecodeall", {str("y\n---\noff\n")}).at(1) == no());
}

TEST_CASE("yamldecode reports the position of a syntax error") {
  FunctionResult r = call("yamldecode", {str("a: 1\nb: [\n")});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("invalid YAML on line") != std::string::npos);
  r = call("yamldecode", {str("a: 1\na: 2\n")});
  CHECK(r.error_arg == 0);
}

TEST_CASE("yamldecodeall returns every non-empty document") {
  Value docs = eval("yamldecodeall", {str("---\nkind: A\n---\n---\nkind: B\n")});
  CHECK(docs.kind() == ValueKind::Tuple);
  REQUIRE(docs.size() == 2);
  CHECK(*docs.at(0)->get("kind") == str("A"));
  CHECK(*docs.at(1)->get("kind") == str("B"));
  CHECK(eval("yamldecodeall", {str("")}).size() == 0);
}

TEST_CASE("yamlencode writes block YAML that decodes back to the same value") {
  Value v = Value::object({{"name", str("web")},
                           {"ports", Value::tuple({num(80), num(443)})},
                           {"version", str("1.0")}});
  Value text = eval("yamlencode", {v});
  CHECK(text.as_string().find("name: web\n") != std::string::npos);
  CHECK(eval("yamldecode", {text}) == v);
}

TEST_CASE("base64 round trips and rejects invalid input") {
  CHECK(eval("base64encode", {str("Hello World")}) == str("SGVsbG8gV29ybGQ="));
  CHECK(eval("base64encode", {str("ab")}) == str("YWI="));
  CHECK(eval("base64encode", {str("")}) == str(""));
  CHECK(eval("base64decode", {str("SGVsbG8gV29ybGQ=")}) == str("Hello World"));
  CHECK(eval("base64decode", {str("YWI=")}) == str("ab"));
  CHECK(eval("base64decode", {str("YQ==")}) == str("a"));
  CHECK(call("base64decode", {str("YWI")}).error_arg == 0);
  CHECK(call("base64decode", {str("Y=I=")}).error_arg == 0);
  FunctionResult r = call("base64decode", {str("/w==")});  // the single byte 0xFF
  CHECK(r.error.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("sha256 digests in hex and base64") {
  CHECK(eval("sha256", {str("")}) ==
        str("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  CHECK(eval("sha256", {str("hello world")}) ==
        str("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"));
  CHECK(eval("base64sha256", {str("")}) == str("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
  CHECK(eval("sha256", {str("k").mark_sensitive()}).sensitive());
}

namespace {
// A context with an in-memory disk and environment.
FunctionContext fake_context(std::map<std::string, std::string>* files) {
  FunctionContext ctx;
  ctx.base_dir = "/mod";
  ctx.read_file = [files](const std::string& path, std::string* contents, std::string* error) {
    auto it = files->find(path);
    if (it == files->end()) {
      *error = "no file exists at \"" + path + "\"";
      return false;
    }
    *contents = it->second;
    return true;
  };
  ctx.env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "MESH1_KUBECONFIG") return "/etc/kube/mesh1";
    return std::nullopt;
  };
  return ctx;
}
}  // namespace

TEST_CASE("env reads the context's environment, with a default") {
  std::map<std::string, std::string> files;
  FunctionContext ctx = fake_context(&files);
  CHECK(eval("env", {str("MESH1_KUBECONFIG")}, ctx) == str("/etc/kube/mesh1"));
  CHECK(eval("env", {str("UNSET")}, ctx).is_null());
  CHECK(eval("env", {str("UNSET"), str("dflt")}, ctx) == str("dflt"));
  CHECK(call("env", {str("A"), str("b"), str("c")}, ctx).error_arg == 2);
}

TEST_CASE("file reads relative to the module directory") {
  std::map<std::string, std::string> files = {
      {"/mod/ca.pem", "PEM"}, {"/abs/x", "X"}, {"/mod/bin", "\xff\xfe"}};
  FunctionContext ctx = fake_context(&files);
  CHECK(eval("file", {str("ca.pem")}, ctx) == str("PEM"));
  CHECK(eval("file", {str("/abs/x")}, ctx) == str("X"));
  FunctionResult r = call("file", {str("missing.txt")}, ctx);
  CHECK(r.error_arg == 0);
  CHECK(r.error == "Invalid value for \"path\" parameter: no file exists at \"/mod/missing.txt\".");
  CHECK(call("file", {str("bin")}, ctx).error.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("file reads from disk when no reader is given") {
  FunctionContext ctx;
  ctx.base_dir = ".";
  FunctionResult r = call("file", {str("/nonexistent/fedplan-test-file")}, ctx);
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("no file exists") != std::string::npos);
  CHECK(eval("file", {str("/proc/self/comm")}, ctx).as_string().size() > 0);
  r = call("file", {str("/")}, ctx);
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("is a directory") != std::string::npos);
}

TEST_CASE("templatefile hands the text and variables to the renderer") {
  std::map<std::string, std::string> files = {{"/mod/t.tpl", "Hello ${name}"}};
  FunctionContext ctx = fake_context(&files);
  std::string seen_file;
  ctx.render_template = [&](const std::string& text, const std::string& filename,
                            const ValueMap& vars, std::string* error) -> Value {
    seen_file = filename;
    auto it = vars.find("name");
    if (it == vars.end()) {
      *error = "vars lacks name";
      return Value();
    }
    std::string out = text;
    out.replace(out.find("${name}"), 7, it->second.unmarked().as_string());
    return it->second.sensitive() ? Value::string(out).mark_sensitive() : Value::string(out);
  };
  Value vars = Value::object({{"name", str("mesh")}});
  CHECK(eval("templatefile", {str("t.tpl"), vars}, ctx) == str("Hello mesh"));
  CHECK(seen_file == "/mod/t.tpl");
  // Marks inside the variables reach the renderer, which decides where they go.
  Value secret = Value::object({{"name", str("s").mark_sensitive()}});
  CHECK(eval("templatefile", {str("t.tpl"), secret}, ctx).sensitive());
  FunctionResult r = call("templatefile", {str("t.tpl"), Value::object({})}, ctx);
  CHECK(r.error_arg == -1);
  CHECK(r.error == "Call to function \"templatefile\" failed: vars lacks name.");
  CHECK(call("templatefile", {str("t.tpl"), strs({})}, ctx).error_arg == 1);
  CHECK(call("templatefile", {str("none.tpl"), vars}, ctx).error_arg == 0);
  r = call("templatefile", {str("t.tpl"), Value::object({{"bad name", num(1)}})}, ctx);
  CHECK(r.error_arg == 1);
  CHECK(r.error.find("invalid template variable name") != std::string::npos);
  Value u = eval("templatefile", {str("t.tpl"), Value::unknown()}, ctx);
  CHECK_FALSE(u.known());
  CHECK(u.kind() == ValueKind::String);
}

TEST_CASE("templatefile without a renderer is an error on the call") {
  std::map<std::string, std::string> files = {{"/mod/t.tpl", "x"}};
  FunctionResult r = call("templatefile", {str("t.tpl"), Value::object({})}, fake_context(&files));
  CHECK(r.error_arg == -1);
  CHECK(r.error.find("cannot be rendered") != std::string::npos);
}
