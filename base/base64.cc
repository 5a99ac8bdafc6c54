// Standard base64 encoding and decoding (see base64.h).
#include "base/base64.h"

#include <array>
#include <cstdint>

namespace fedplan {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Each byte's value in the alphabet, -1 for bytes outside it: one load per character.
constexpr std::array<int8_t, 256> kDecode = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}();

int decode_char(char c) {
  return kDecode[static_cast<uint8_t>(c)];
}

}  // namespace

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (size_t rest = data.size() - i) {
    uint32_t n = uint8_t(data[i]) << 16;
    if (rest == 2) n |= uint8_t(data[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  // Whitespace is rare (PEM bodies, wrapped output): copy the text only when there is some.
  std::string clean;
  if (text.find_first_of(" \n\r\t") != std::string_view::npos) {
    clean.reserve(text.size());
    for (char c : text)
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean += c;
    text = clean;
  }
  if (text.size() % 4 != 0) return std::nullopt;
  // Sized once and written by index: states read from etcd are megabytes of base64.
  std::string out(text.size() / 4 * 3, '\0');
  size_t o = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=') {
        if (i + 4 != text.size() || k < 2) return std::nullopt;
        v[k] = 0;
        ++pad;
      } else {
        if (pad) return std::nullopt;  // data after padding
        v[k] = decode_char(c);
        if (v[k] < 0) return std::nullopt;
      }
    }
    uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out[o++] = char((n >> 16) & 0xff);
    if (pad < 2) out[o++] = char((n >> 8) & 0xff);
    if (pad < 1) out[o++] = char(n & 0xff);
  }
  out.resize(o);
  return out;
}

}  // namespace fedplan
