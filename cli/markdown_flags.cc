// -max-size: parsed as text so "-5", "1e9" or "60k" get a clear error instead of a wrapped or
// truncated number.
#include "cli/markdown_flags.h"

#include <charconv>
#include <ostream>

namespace fedplan {

namespace {
constexpr size_t kMinimum = 1000;  // the title, summary line and note need room
}  // namespace

void add_markdown_flags(po::options_description& flags) {
  flags.add_options()(
      "max-size", po::value<std::string>()->default_value(std::to_string(kDefaultMarkdownMaxSize)),
      "With -format markdown: the largest comment, in characters; the diffs "
      "shrink to fit.");
}

std::optional<size_t> markdown_max_size(const po::variables_map& vm, RenderFormat format,
                                        CliContext& ctx) {
  const std::string& text = vm["max-size"].as<std::string>();
  if (vm["max-size"].defaulted()) return kDefaultMarkdownMaxSize;
  if (format != RenderFormat::Markdown) {
    ctx.err << "Error: -max-size applies to -format markdown only.\n";
    return std::nullopt;
  }
  size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < kMinimum) {
    ctx.err << "Error: -max-size takes a number of characters, at least " << kMinimum << "; got \""
            << text << "\".\n";
    return std::nullopt;
  }
  return n;
}

}  // namespace fedplan
