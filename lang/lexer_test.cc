// Lexer tests: token kinds and positions for each lexical form, template modes, and errors.
#include "lang/lexer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace fedplan;

namespace {

// "Kind:text" for each token up to the end of file.
std::vector<std::string> lex(std::string_view src, Lexer::Start start = Lexer::Start::Expression) {
  Lexer lx(src, start);
  std::vector<std::string> out;
  for (int guard = 0; guard < 1000; ++guard) {
    Token t = lx.next();
    if (t.type == TokenType::EndOfFile) break;
    std::string name = token_type_name(t.type);
    out.push_back(name + ":" + std::string(t.text(src)));
  }
  return out;
}

using Toks = std::vector<std::string>;

}  // namespace

TEST_CASE("identifiers, numbers, punctuation and operators") {
  CHECK(lex("a_b-c 12 1.5 2e3 1.5E-2") ==
        Toks{"identifier:a_b-c", "number:12", "number:1.5", "number:2e3", "number:1.5E-2"});
  CHECK(lex("{}[](),.:?=>...") == Toks{"\"{\":{", "\"}\":}", "\"[\":[", "\"]\":]", "\"(\":(",
                                       "\")\":)", "\",\":,", "\".\":.", "\":\"::", "\"?\":?",
                                       "\"=>\":=>", "\"...\":..."});
  CHECK(lex("+ - * / % ! && || == != < <= > >= =") ==
        Toks{"\"+\":+", "\"-\":-", "\"*\":*", "\"/\":/", "\"%\":%", "\"!\":!", "\"&&\":&&",
             "\"||\":||", "\"==\":==", "\"!=\":!=", "\"<\":<", "\"<=\":<=", "\">\":>",
             "\">=\":>=", "\"=\":="});
  CHECK(lex("1.x") == Toks{"number:1", "\".\":.", "identifier:x"});
  CHECK(lex("2e") == Toks{"number:2", "identifier:e"});
}

TEST_CASE("comments are skipped but line comments keep their newline") {
  CHECK(lex("a # c\nb // d\nc /* e\n f */ d") == Toks{"identifier:a", "newline:\n", "identifier:b",
                                                      "newline:\n", "identifier:c",
                                                      "identifier:d"});
}

TEST_CASE("quoted strings with interpolation switch modes and back") {
  CHECK(lex("\"a${b}c\"") == Toks{"string:\"", "template text:a", "\"${\":${", "identifier:b",
                                  "\"}\":}", "template text:c", "closing quote:\""});
  CHECK(lex("\"${ {x=1} }\"") == Toks{"string:\"", "\"${\":${", "\"{\":{", "identifier:x",
                                      "\"=\":=", "number:1", "\"}\":}", "\"}\":}",
                                      "closing quote:\""});
  CHECK(lex("\"x\\\"y $${z} %%{w}\"") ==
        Toks{"string:\"", "template text:x\\\"y $${z} %%{w}", "closing quote:\""});
  CHECK(lex("\"%{~ if a ~}\"") == Toks{"string:\"", "\"%{\":%{~", "identifier:if", "identifier:a",
                                       "\"}\":~}", "closing quote:\""});
}

TEST_CASE("heredocs produce one literal per line and end at the marker line") {
  CHECK(lex("<<EOT\nab\n${x}\n  EOT\ny") ==
        Toks{"heredoc:<<EOT\n", "template text:ab\n", "\"${\":${", "identifier:x", "\"}\":}",
             "template text:\n", "heredoc end marker:  EOT", "newline:\n", "identifier:y"});
  CHECK(lex("<<-X\n X\n") == Toks{"heredoc:<<-X\n", "heredoc end marker: X", "newline:\n"});
}

TEST_CASE("template files start in template mode") {
  CHECK(lex("a ${b}\nc", Lexer::Start::Template) == Toks{"template text:a ", "\"${\":${",
                                                         "identifier:b", "\"}\":}",
                                                         "template text:\n", "template text:c"});
}

TEST_CASE("positions count lines, columns and bytes, an origin shifts them") {
  std::string src = "a\n  bb";
  Lexer lx(src);
  Token a = lx.next();
  lx.next();
  Token bb = lx.next();
  CHECK(a.start.line == 1);
  CHECK(bb.start.line == 2);
  CHECK(bb.start.column == 3);
  CHECK(bb.start.byte == 4);
  CHECK(bb.end.column == 5);
  SourcePos origin;
  origin.line = 10;
  origin.column = 20;
  origin.byte = 300;
  Lexer shifted("x y\nz", Lexer::Start::Expression, origin);
  shifted.next();
  Token y = shifted.next();
  CHECK(y.start.line == 10);
  CHECK(y.start.column == 22);
  CHECK(y.start.byte == 302);
  shifted.next();
  Token z = shifted.next();
  CHECK(z.start.line == 11);
  CHECK(z.start.column == 1);
}

TEST_CASE("lexical errors are collected and the lexer recovers") {
  Lexer lx("a @@ b \"open\nc");
  std::vector<TokenType> kinds;
  for (Token t = lx.next(); t.type != TokenType::EndOfFile; t = lx.next()) kinds.push_back(t.type);
  CHECK(kinds == std::vector<TokenType>{TokenType::Ident, TokenType::Invalid, TokenType::Ident,
                                        TokenType::OQuote, TokenType::TemplateLiteral,
                                        TokenType::CQuote, TokenType::Newline, TokenType::Ident});
  REQUIRE(lx.errors().size() == 2);
  CHECK(lx.errors()[0].summary == "Invalid character");
  CHECK(lx.errors()[1].summary == "Unclosed string");
}

TEST_CASE("a byte order mark at the start is ignored") {
  CHECK(lex("\xEF\xBB\xBF"
            "a") == Toks{"identifier:a"});
}
