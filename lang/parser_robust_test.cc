// Robustness: the parser and evaluator must end with diagnostics, never crash or hang, on
// truncated and random input. (The libFuzzer target in tests/fuzz does the same at scale.)
#include <doctest/doctest.h>

#include <chrono>
#include <random>

#include "lang/eval.h"
#include "lang/parser.h"

using namespace fedplan;

namespace {

const char* kSample = R"(# sample
variable "x" {
  type    = list(object({ a = string }))
  default = [{ a = "b" }]
}
locals {
  m = { for k, v in var.x : k => "${v.a}-%{ if v.a != "" }y%{ else }n%{ endif }" }
  l = [for i in range(3) : i * 2 if i > 0]
  h = <<-EOT
    line ${local.m[0]}
    %{ for s in local.l ~}
    - ${s}
    %{ endfor ~}
    EOT
  s = var.x[*].a
  t = var.x.*.a[0]
  c = length(local.l) > 1 ? -local.l[0] : !true
  o = { "k" = 1, (local.s) : 2, kube.a = kube.b }
}
resource "kube_object" "a" { manifest = { apiVersion = "v1" } }
block one { two "three" { four = "f\u00e9\n" /* c */ } }
)";

// Parses `src` and evaluates every attribute in an empty scope.
size_t parse_and_eval(std::string_view src) {
  Diagnostics diags;
  File f = parse_file(src, "r.fed.hcl", diags);
  EvalContext ctx;
  std::vector<const Body*> bodies{&f.body};
  while (!bodies.empty()) {
    const Body* b = bodies.back();
    bodies.pop_back();
    for (const Attribute& a : b->attributes) evaluate(*a.expr, ctx, diags);
    for (const Block& blk : b->blocks) bodies.push_back(&blk.body);
  }
  return diags.size();
}

}  // namespace

TEST_CASE("the sample parses without errors") {
  Diagnostics diags;
  parse_file(kSample, "r.fed.hcl", diags);
  CHECK(diags.empty());
}

TEST_CASE("every prefix of a sample file parses to diagnostics, never a crash") {
  std::string src = kSample;
  for (size_t n = 0; n <= src.size(); ++n) parse_and_eval(std::string_view(src).substr(0, n));
  for (size_t n = 0; n <= src.size(); ++n) parse_and_eval(std::string_view(src).substr(n));
}

TEST_CASE("random bytes and random token soup end in diagnostics") {
  std::mt19937 rng(12345);
  const char* pieces[] = {
      "{",  "}", "[", "]",  "(", ")",      "\"",  "${", "%{", "~}",  "<<EOT\n", "EOT\n", "\n",
      "=",  "a", "1", ".",  "*", "for",    "in",  ":",  "=>", "...", "if",      "#",     "/*",
      "*/", ",", "?", "\\", "'", "<<-X\n", "X\n", "-",  "!",  "&&",  "endif",   "endfor"};
  auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    size_t len = rng() % 60;
    if (round % 2 == 0) {
      for (size_t i = 0; i < len; ++i) s += static_cast<char>(rng() % 256);
    } else {
      for (size_t i = 0; i < len; ++i) s += pieces[rng() % (sizeof(pieces) / sizeof(*pieces))];
    }
    parse_and_eval(s);
  }
  // Linear-time parsing keeps this far below a second; a hang would show here.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("single-byte mutations of the sample end in diagnostics") {
  std::string base = kSample;
  const char replacements[] = {'"', '{', '}', '$', '%', '\n', '~', '[', '\\', '\0'};
  for (size_t i = 0; i < base.size(); i += 3) {
    for (char c : replacements) {
      std::string s = base;
      s[i] = c;
      parse_and_eval(s);
    }
  }
}
