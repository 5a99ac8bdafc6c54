// gzip with zlib's deflate/inflate in gzip mode (windowBits 15 + 16).
#include "state/gzip.h"

#include <zlib.h>

#include <cstdlib>

namespace fedplan {

std::string gzip_compress(std::string_view data, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    std::abort();  // only fails without memory
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) std::abort();  // deflateBound guarantees room for everything
  return out;
}

bool has_gzip_magic(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

std::optional<std::string> gzip_decompress(std::string_view data, size_t max_bytes,
                                           std::string* err) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) std::abort();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      *err = "it expands to more than " + std::to_string(max_bytes) + " bytes";
      return std::nullopt;
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      rc = Z_BUF_ERROR;  // the input ended before the stream did
      break;
    }
  }
  bool trailing = rc == Z_STREAM_END && z.avail_in != 0;
  std::string msg = z.msg ? z.msg : "";
  inflateEnd(&z);
  if (rc == Z_STREAM_END && !trailing) return out;
  if (trailing)
    *err = "bytes follow the end of the gzip stream";
  else if (rc == Z_BUF_ERROR)
    *err = "the gzip stream is cut short";
  else
    *err = "not a gzip stream" + (msg.empty() ? std::string() : " (" + msg + ")");
  return std::nullopt;
}

}  // namespace fedplan
