// libFuzzer target for jsondecode, yamldecode and yamldecodeall on arbitrary text, and for
// jsonencode and yamlencode of whatever they decode.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "lang/functions.h"

namespace {

fedplan::FunctionResult call(const char* name, const fedplan::Value& arg) {
  static const fedplan::FunctionContext ctx;
  const fedplan::Value args[] = {arg};
  return fedplan::call_function(*fedplan::find_function(name), args, ctx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The language's strings are UTF-8 (the lexer and file() see to it), so the input is too.
  fedplan::Value text = fedplan::Value::string(
      fedplan::valid_utf8(std::string_view(reinterpret_cast<const char*>(data), size)));
  for (const char* decoder : {"jsondecode", "yamldecode", "yamldecodeall"}) {
    fedplan::FunctionResult r = call(decoder, text);
    if (!r.ok()) continue;
    fedplan::FunctionResult json = call("jsonencode", r.value);
    fedplan::FunctionResult yaml = call("yamlencode", r.value);
    // What was encoded decodes again.
    if (json.ok()) call("jsondecode", json.value);
    if (yaml.ok()) call("yamldecode", yaml.value);
  }
  return 0;
}
