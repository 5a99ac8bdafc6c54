// Exact numbers: decimal text to 512-bit floats with one rounding, and back to the shortest
// decimal that reads back the same (the digit walk of Go's big.Float Text('f', -1)).
#include "lang/value_number.h"

#include <charconv>
#include <cmath>

namespace fedplan {
namespace {

constexpr unsigned kBigPrecision = 512;
// The largest decimal exponent parse_big_float() accepts: 10^100000 is a 332k-bit integer,
// still quick to compute and print; beyond it the text is refused rather than spent on.
constexpr long long kMaxDecimalExponent = 100000;

size_t big_number_bit_length(const BigInt& q) {
  return q == 0 ? 0 : boost::multiprecision::msb(q) + 1;
}

// The float nearest q * 2^exp2, ties to even; `sticky` says a nonzero remainder lies below q
// (then q must be longer than the precision, so the remainder only breaks ties).
BigFloat big_number_round(BigInt q, long long exp2, bool sticky) {
  size_t bits = big_number_bit_length(q);
  if (bits > kBigPrecision) {
    unsigned shift = static_cast<unsigned>(bits - kBigPrecision);
    BigInt rest = q & ((BigInt(1) << shift) - 1);
    q >>= shift;
    exp2 += shift;
    BigInt half = BigInt(1) << (shift - 1);
    bool up = rest > half || (rest == half && (sticky || (q & 1) != 0));
    if (up) {
      ++q;
      if (big_number_bit_length(q) > kBigPrecision) {
        q >>= 1;
        ++exp2;
      }
    }
  }
  return boost::multiprecision::ldexp(BigFloat(q), static_cast<int>(exp2));
}

// Decimal digits of `n` left-padded with zeros to `width`.
std::string big_number_padded(const BigInt& n, size_t width) {
  std::string s = n.str();
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

// Index of the last nonzero digit (or npos when all are zero).
size_t big_number_last_nonzero(const std::string& s) {
  return s.find_last_not_of('0');
}

// The exact decimal expansion of a finite |x|: value = digits / 10^scale.
struct BigNumberDecimal {
  std::string digits;
  size_t scale = 0;
};

BigNumberDecimal big_number_exact_decimal(const BigFloat& magnitude) {
  BigNumberDecimal out;
  if (magnitude == 0) {
    out.digits = "0";
    return out;
  }
  int e2 = 0;
  BigFloat f = boost::multiprecision::frexp(magnitude, &e2);
  BigFloat scaled = boost::multiprecision::ldexp(f, static_cast<int>(kBigPrecision));
  BigInt m = scaled.template convert_to<BigInt>();
  long long exp2 = static_cast<long long>(e2) - kBigPrecision;
  if (exp2 >= 0) {
    out.digits = (m << static_cast<unsigned>(exp2)).str();
  } else {
    out.scale = static_cast<size_t>(-exp2);
    out.digits =
        (m * boost::multiprecision::pow(BigInt(5), static_cast<unsigned>(out.scale))).str();
  }
  return out;
}

// Keeps the first `keep` digits of `digits` rounded half to even on the exact rest; returns
// true when the rounding carried into a new leading digit.
bool big_number_round_digits(std::string* digits, size_t keep) {
  if (keep >= digits->size()) return false;
  char next = (*digits)[keep];
  bool rest = digits->find_first_not_of('0', keep + 1) != std::string::npos;
  bool odd = keep > 0 && ((*digits)[keep - 1] - '0') % 2 == 1;
  bool up = next > '5' || (next == '5' && (rest || odd));
  digits->resize(keep);
  if (!up) return false;
  size_t k = keep;
  while (k > 0 && (*digits)[k - 1] == '9') (*digits)[--k] = '0';
  if (k == 0) {
    digits->insert(0, 1, '1');
    return true;
  }
  ++(*digits)[k - 1];
  return false;
}

}  // namespace

bool fits_double_storage(double n) {
  return !std::isfinite(n) || (n == std::trunc(n) && std::fabs(n) < kExactDoubleLimit);
}

BigFloat exact_number(const Value& v) {
  if (const BigNumber* b = v.as_big_number()) return b->value;
  return BigFloat(v.as_number());
}

Value number_value(const BigFloat& x) {
  if (!boost::multiprecision::isfinite(x)) return Value::number(x.convert_to<double>());
  if (boost::multiprecision::trunc(x) == x && boost::multiprecision::abs(x) < kExactDoubleLimit)
    return Value::number(x.convert_to<double>());
  return Value::big_number(std::make_shared<const BigNumber>(BigNumber{x}));
}

std::optional<BigFloat> parse_big_float(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  std::string digits;
  long long exponent = 0;  // value = digits * 10^exponent
  size_t int_digits = 0, frac_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) digits += text[i];
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits)
      digits += text[i];
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  exponent = -static_cast<long long>(frac_digits);
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    size_t start = i;
    long long e = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
      e = std::min<long long>(e * 10 + (text[i] - '0'), 4 * kMaxDecimalExponent);
    if (i == start) return std::nullopt;
    exponent += exp_negative ? -e : e;
  }
  if (i != text.size()) return std::nullopt;
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return negative ? -BigFloat(0) : BigFloat(0);
  digits.erase(0, first);
  // The magnitude is about 10^(digits + exponent); refuse what would take long to compute.
  long long magnitude = exponent + static_cast<long long>(digits.size());
  if (magnitude > kMaxDecimalExponent || magnitude < -kMaxDecimalExponent) return std::nullopt;
  BigInt n(digits);
  BigFloat out;
  if (exponent >= 0) {
    out = big_number_round(
        n * boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(exponent)), 0, false);
  } else {
    BigInt den = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(-exponent));
    // Enough quotient bits that the precision plus a rounding bit are all exact.
    long long shift = static_cast<long long>(big_number_bit_length(den)) -
                      static_cast<long long>(big_number_bit_length(n)) + kBigPrecision + 2;
    if (shift < 0) shift = 0;
    BigInt num = n << static_cast<unsigned>(shift);
    BigInt q = num / den;
    BigInt r = num - q * den;
    out = big_number_round(q, -shift, r != 0);
  }
  return negative ? -out : out;
}

std::optional<Value> parse_number_value(std::string_view text) {
  // The fast path: short integers are exact as doubles.
  size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  size_t len = text.size() - sign;
  if (len > 0 && len <= 15 &&
      text.find_first_not_of("0123456789", sign) == std::string_view::npos) {
    double d = 0;
    std::from_chars(text.data(), text.data() + text.size(), d);
    return Value::number(d);
  }
  std::optional<BigFloat> big = parse_big_float(text);
  if (!big) return std::nullopt;
  return number_value(*big);
}

std::string format_big_float(const BigFloat& x) {
  if (boost::multiprecision::isnan(x)) return "NaN";
  if (boost::multiprecision::isinf(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x == 0) return "0";
  bool negative = x < 0;
  int e2 = 0;
  BigFloat f = boost::multiprecision::frexp(boost::multiprecision::abs(x), &e2);
  BigFloat scaled = boost::multiprecision::ldexp(f, static_cast<int>(kBigPrecision));
  BigInt m = scaled.template convert_to<BigInt>();
  // x = mant * 2^exp2 where the lowest bit of mant is half a unit in the last place, so that
  // mant - 1 and mant + 1 are the midpoints to the neighbouring floats.
  BigInt mant = m * 2;
  long long exp2 = static_cast<long long>(e2) - kBigPrecision - 1;
  bool inclusive = (m & 1) == 0;  // ties round to the even neighbour, so the bounds are ours
  BigInt lower = mant - 1, upper = mant + 1;
  size_t scale = 0;  // the decimal strings are value * 10^scale
  if (exp2 >= 0) {
    lower <<= static_cast<unsigned>(exp2);
    mant <<= static_cast<unsigned>(exp2);
    upper <<= static_cast<unsigned>(exp2);
  } else {
    scale = static_cast<size_t>(-exp2);
    BigInt five = boost::multiprecision::pow(BigInt(5), static_cast<unsigned>(scale));
    lower *= five;
    mant *= five;
    upper *= five;
  }
  std::string us = upper.str();
  std::string ls = big_number_padded(lower, us.size());
  std::string ms = big_number_padded(mant, us.size());
  size_t last_lower = big_number_last_nonzero(ls);
  size_t last_upper = big_number_last_nonzero(us);
  // Walk until the digits of x stand apart from both bounds, then round there.
  size_t keep = ms.size();
  int direction = 0;  // -1 truncate, +1 round up, 2 round to nearest
  for (size_t i = 0; i < ms.size(); ++i) {
    char l = ls[i], d = ms[i], u = us[i];
    bool okdown = l != d || (inclusive && i == last_lower);
    bool okup =
        d != u && (inclusive || d + 1 < u || (last_upper != std::string::npos && i < last_upper));
    if (okdown || okup) {
      keep = i + 1;
      direction = okdown && okup ? 2 : okdown ? -1 : 1;
      break;
    }
  }
  std::string digits = ms.substr(0, keep);
  if (direction == 2 && keep < ms.size()) {
    char next = ms[keep];
    bool rest_nonzero = ms.find_first_not_of('0', keep + 1) != std::string::npos;
    if (next > '5' || (next == '5' && rest_nonzero) ||
        (next == '5' && !rest_nonzero && (digits.back() - '0') % 2 == 1))
      direction = 1;
    else
      direction = -1;
  }
  size_t zeros = ms.size() - keep;
  if (direction == 1) {
    size_t k = digits.size();
    while (k > 0 && digits[k - 1] == '9') digits[--k] = '0';
    if (k == 0)
      digits.insert(0, 1, '1');
    else
      ++digits[k - 1];
  }
  std::string all = digits + std::string(zeros, '0');
  std::string int_part, frac_part;
  if (scale >= all.size()) {
    int_part = "0";
    frac_part = std::string(scale - all.size(), '0') + all;
  } else {
    int_part = all.substr(0, all.size() - scale);
    frac_part = all.substr(all.size() - scale);
  }
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  size_t last = frac_part.find_last_not_of('0');
  frac_part = last == std::string::npos ? "" : frac_part.substr(0, last + 1);
  std::string out = negative ? "-" : "";
  out += int_part;
  if (!frac_part.empty()) out += "." + frac_part;
  return out;
}

std::string format_big_fixed(const BigFloat& magnitude, int precision) {
  BigNumberDecimal d = big_number_exact_decimal(magnitude);
  size_t p = static_cast<size_t>(precision);
  // Leading zeros so that at least one integer digit stands before the point.
  if (d.digits.size() <= d.scale) d.digits.insert(0, d.scale - d.digits.size() + 1, '0');
  if (p >= d.scale) {
    d.digits.append(p - d.scale, '0');
  } else {
    big_number_round_digits(&d.digits, d.digits.size() - (d.scale - p));
  }
  std::string int_part = d.digits.substr(0, d.digits.size() - p);
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  return p == 0 ? int_part : int_part + "." + d.digits.substr(d.digits.size() - p);
}

std::string format_big_scientific(const BigFloat& magnitude, int precision) {
  BigNumberDecimal d = big_number_exact_decimal(magnitude);
  size_t first = d.digits.find_first_not_of('0');
  std::string digits = first == std::string::npos ? "0" : d.digits.substr(first);
  long long exp = first == std::string::npos ? 0
                                             : static_cast<long long>(d.digits.size() - first) - 1 -
                                                   static_cast<long long>(d.scale);
  size_t keep = static_cast<size_t>(precision) + 1;
  if (digits.size() < keep) digits.append(keep - digits.size(), '0');
  if (big_number_round_digits(&digits, keep)) {
    ++exp;
    digits.resize(keep);
  }
  std::string out = digits.substr(0, 1);
  if (precision > 0) out += "." + digits.substr(1);
  std::string e = std::to_string(exp < 0 ? -exp : exp);
  if (e.size() < 2) e.insert(0, "0");
  return out + "e" + (exp < 0 ? "-" : "+") + e;
}

std::optional<BigInt> big_integer(const BigFloat& x) {
  if (!boost::multiprecision::isfinite(x) || boost::multiprecision::trunc(x) != x)
    return std::nullopt;
  return x.convert_to<BigInt>();
}

int compare_numbers(const Value& a, const Value& b) {
  const BigNumber* x = a.as_big_number();
  const BigNumber* y = b.as_big_number();
  if (!x && !y) {
    double p = a.as_number(), q = b.as_number();
    return p == q ? 0 : (p < q ? -1 : 1);
  }
  BigFloat p = x ? x->value : BigFloat(a.as_number());
  BigFloat q = y ? y->value : BigFloat(b.as_number());
  return p == q ? 0 : (p < q ? -1 : 1);
}

}  // namespace fedplan
