// IP network functions: cidrhost, cidrnetmask, cidrsubnet and cidrsubnets for IPv4 and IPv6,
// computed on 128-bit integers, with Terraform's (Go's) parsing, printing and messages.
#include <arpa/inet.h>

#include <cmath>

#include "lang/functions_util.h"

namespace fedplan::fn {
namespace {

using u128 = unsigned __int128;

// A network as written in CIDR notation: the address masked to its prefix.
struct Network {
  u128 addr = 0;
  int bits = 32;  // 32 for IPv4, 128 for IPv6
  int prefix = 0;
};

u128 host_mask(int bits, int prefix) {  // the bits after the prefix
  int host = bits - prefix;
  if (host <= 0) return 0;
  return host >= 128 ? ~u128{0} : (u128{1} << host) - 1;
}

u128 width_mask(int bits) {
  return bits >= 128 ? ~u128{0} : (u128{1} << bits) - 1;
}

std::string to_decimal(u128 n, bool negative = false) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n);
  return negative ? "-" + out : out;
}

// Go's dtoi: decimal digits (leading zeros allowed) at the start of `s`; -1 when none.
long digits_at(std::string_view s, size_t* used) {
  long n = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    n = n * 10 + (s[i] - '0');
    if (n >= 0xFFFFFF) return -1;
  }
  *used = i;
  return i == 0 ? -1 : n;
}

std::optional<u128> parse_ipv4(std::string_view s) {
  u128 out = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (s.empty() || s[0] != '.') return std::nullopt;
      s.remove_prefix(1);
    }
    size_t used = 0;
    long n = digits_at(s, &used);
    if (n < 0 || n > 255) return std::nullopt;
    out = (out << 8) | static_cast<u128>(n);
    s.remove_prefix(used);
  }
  if (!s.empty()) return std::nullopt;
  return out;
}

std::optional<Network> parse_cidr(const std::string& text, std::string* error) {
  *error = "invalid CIDR expression: invalid CIDR address: " + text;
  size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string addr = text.substr(0, slash);
  std::string_view mask = std::string_view(text).substr(slash + 1);
  Network n;
  if (std::optional<u128> v4 = parse_ipv4(addr)) {
    n.addr = *v4;
  } else {
    unsigned char bytes[16];
    if (inet_pton(AF_INET6, addr.c_str(), bytes) != 1) return std::nullopt;
    n.bits = 128;
    for (unsigned char b : bytes) n.addr = (n.addr << 8) | b;
  }
  size_t used = 0;
  long prefix = digits_at(mask, &used);
  if (prefix < 0 || used != mask.size() || prefix > n.bits) return std::nullopt;
  n.prefix = static_cast<int>(prefix);
  n.addr &= ~host_mask(n.bits, n.prefix) & width_mask(n.bits);
  return n;
}

// An address as Go prints it: dotted IPv4; IPv6 in lowercase hex groups with the longest run
// of two or more zero groups (the first, on a tie) written as "::".
std::string format_addr(u128 addr, int bits) {
  if (bits == 32) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
      if (!out.empty()) out += '.';
      out += std::to_string(static_cast<unsigned>((addr >> shift) & 0xFF));
    }
    return out;
  }
  unsigned groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<unsigned>((addr >> (112 - 16 * i)) & 0xFFFF);
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", groups[i]);
    out += buf;
  }
  return out;
}

std::string format_network(u128 addr, int bits, int prefix) {
  return format_addr(addr, bits) + "/" + std::to_string(prefix);
}

// A whole number argument as a signed 128-bit integer (doubles reach it only up to 2^127).
bool whole(double d, __int128* out) {
  if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) >= 0x1p127) return false;
  *out = static_cast<__int128>(d);
  return true;
}

FunctionResult cidrhost(Args args, const FunctionContext&) {
  std::string error;
  std::optional<Network> n = parse_cidr(args[0].as_string(), &error);
  if (!n) return fail(-1, error);
  __int128 num = 0;
  if (!whole(args[1].as_number(), &num)) return fail(-1, "value must be a whole number");
  u128 max = host_mask(n->bits, n->prefix);
  u128 host = 0;
  bool negative = num < 0;
  u128 magnitude = negative ? static_cast<u128>(-num) : static_cast<u128>(num);
  if (negative) {
    // -1 is the last address, -2 the one before, ...
    u128 back = magnitude - 1;
    if (back > max) {
      u128 shown = back - max;  // Go prints max - back, a negative number
      return fail(-1, "prefix of " + std::to_string(n->prefix) +
                          " does not accommodate a host numbered " + to_decimal(shown, true));
    }
    host = max - back;
  } else {
    if (magnitude > max)
      return fail(-1, "prefix of " + std::to_string(n->prefix) +
                          " does not accommodate a host numbered " + to_decimal(magnitude));
    host = magnitude;
  }
  return ok(Value::string(format_addr(n->addr | host, n->bits)));
}

FunctionResult cidrnetmask(Args args, const FunctionContext&) {
  std::string error;
  std::optional<Network> n = parse_cidr(args[0].as_string(), &error);
  if (!n) return fail(-1, error);
  if (n->bits != 32)
    return fail(-1, "IPv6 addresses cannot have a netmask: " + args[0].as_string());
  return ok(Value::string(format_addr(~host_mask(32, n->prefix) & width_mask(32), 32)));
}

FunctionResult cidrsubnet(Args args, const FunctionContext&) {
  std::string error;
  std::optional<Network> n = parse_cidr(args[0].as_string(), &error);
  if (!n) return fail(-1, error);
  long long newbits = 0;
  if (!whole_number(args[1].as_number(), &newbits))
    return fail(-1,
                "value must be a whole number, between -9223372036854775808 and "
                "9223372036854775807");
  __int128 num = 0;
  if (!whole(args[2].as_number(), &num)) return fail(-1, "value must be a whole number");
  long long length = n->prefix + newbits;
  if (length > n->bits)
    return fail(-1, "insufficient address space to extend prefix of " + std::to_string(n->prefix) +
                        " by " + std::to_string(newbits));
  // Go's go-cidr bounds the number by 2^newbits - 1 in 64 bits; a negative newbits leaves a
  // prefix shorter than the network's, as Terraform does.
  u128 max = newbits >= 64 || newbits < 0 ? u128{UINT64_MAX} : (u128{1} << newbits) - 1;
  if (num < 0 || static_cast<u128>(num) > max)
    return fail(
        -1, "prefix extension of " + std::to_string(newbits) +
                " does not accommodate a subnet numbered " +
                to_decimal(num < 0 ? static_cast<u128>(-num) : static_cast<u128>(num), num < 0));
  int shift = n->bits - static_cast<int>(length);
  u128 addr = n->addr | (shift >= 128 ? 0 : static_cast<u128>(num) << shift);
  return ok(Value::string(format_network(addr & width_mask(n->bits), n->bits,
                                         static_cast<int>(std::max(length, 0LL)))));
}

FunctionResult cidrsubnets(Args args, const FunctionContext&) {
  std::string error;
  std::optional<Network> n = parse_cidr(args[0].as_string(), &error);
  if (!n) return fail(-1, error);
  ValueList out;
  if (args.size() == 1) return ok(Value::list(std::move(out)));
  const u128 all = width_mask(n->bits);
  auto mask_of = [&](int len) { return ~host_mask(n->bits, len) & all; };
  long long first = 0;
  if (!whole_number(args[1].as_number(), &first))
    return fail(1,
                "value must be a whole number, between -9223372036854775808 and "
                "9223372036854775807");
  // go-cidr's PreviousSubnet: the subnet of the first length just before the network.
  int first_len = static_cast<int>(std::clamp<long long>(n->prefix + first, 0, n->bits));
  u128 current = ((n->addr - 1) & all) & mask_of(first_len);
  int current_len = first_len;
  for (size_t i = 1; i < args.size(); ++i) {
    long long newbits = 0;
    if (!whole_number(args[i].as_number(), &newbits))
      return fail(static_cast<int>(i),
                  "value must be a whole number, between -9223372036854775808 and "
                  "9223372036854775807");
    if (newbits < 1) return fail(static_cast<int>(i), "must extend prefix by at least one bit");
    if (newbits > 32)
      return fail(static_cast<int>(i), "may not extend prefix by more than 32 bits");
    int len = n->prefix + static_cast<int>(newbits);
    if (len > n->bits)
      return fail(static_cast<int>(i), "would extend prefix to " + std::to_string(len) +
                                           " bits, which is too long for an " +
                                           (n->bits == 32 ? "IPv4" : "IPv6") + " address");
    // go-cidr's NextSubnet: the subnet of this length after the current one.
    u128 last = current | host_mask(n->bits, current_len);
    u128 widened_last = (last & mask_of(len)) | host_mask(n->bits, len);
    u128 next = (widened_last + 1) & all;
    bool rollover = next == 0;
    if (rollover || (next & mask_of(n->prefix)) != n->addr)
      return fail(static_cast<int>(i),
                  "not enough remaining address space for a subnet with a prefix of " +
                      std::to_string(len) + " bits after " +
                      format_network(current, n->bits, current_len));
    current = next & mask_of(len);
    current_len = len;
    out.push_back(Value::string(format_network(current, n->bits, len)));
  }
  return ok(Value::list(std::move(out)));
}

}  // namespace

void add_network_functions(std::vector<Function>* out) {
  Type str = Type::string();
  Type num = Type::number();
  out->push_back(make_function("cidrhost", "The address of a numbered host in a network.",
                               {param("prefix", str), param("hostnum", num)}, cidrhost));
  out->push_back(make_function("cidrnetmask", "The netmask of an IPv4 network, dotted.",
                               {param("prefix", str)}, cidrnetmask));
  out->push_back(make_function("cidrsubnet", "A numbered subnet of a network.",
                               {param("prefix", str), param("newbits", num), param("netnum", num)},
                               cidrsubnet));
  Function f = make_function("cidrsubnets", "Consecutive subnets of the given prefix extensions.",
                             {param("prefix", str)}, cidrsubnets, ValueKind::List);
  f.variadic = param("newbits", num);
  out->push_back(std::move(f));
}

}  // namespace fedplan::fn
