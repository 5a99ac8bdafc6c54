// libFuzzer target for the plan-file reader: parses the input as a plan document (past the
// digest check, which random input never passes), decodes it, renders it as `show` does, and
// checks that a plan that decodes saves and reads back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/plan/plan_file.h"
#include "engine/plan/plan_file_parse.h"
#include "engine/render/render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json doc;
  if (fedplan::parse_plan_json(text, &doc)) return 0;
  std::string err;
  std::optional<fedplan::Plan> plan = fedplan::decode_plan(doc, &err);
  if (!plan) return 0;
  for (auto format :
       {fedplan::RenderFormat::Text, fedplan::RenderFormat::Markdown, fedplan::RenderFormat::Json})
    (void)fedplan::render_plan(*plan, format, fedplan::RenderOptions{});
  std::string saved;
  try {
    saved = fedplan::plan_file_text(fedplan::encode_plan(*plan));
  } catch (const nlohmann::json::type_error&) {
    return 0;  // a string that is not UTF-8: write_plan_file refuses it the same way
  }
  nlohmann::json again;
  if (fedplan::parse_plan_json(saved, &again) || !fedplan::decode_plan(again, &err)) std::abort();
  return 0;
}
