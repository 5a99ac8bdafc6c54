// The `fedplan` binary: wires the real terminal, environment and streams into run_cli.
// Everything else lives in the library so tests can run commands in-process.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "engine/cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  fedplan::CliContext ctx{std::cout, std::cerr, std::cin};
  ctx.out_is_terminal = isatty(STDOUT_FILENO);
  ctx.in_is_terminal = isatty(STDIN_FILENO);
  ctx.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  ctx.program_path = argc > 0 ? argv[0] : "fedplan";
  int code = fedplan::run_cli(std::vector<std::string>(argv + 1, argv + argc), ctx);
  std::cout.flush();
  return code;
}
