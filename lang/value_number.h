// Exact numbers: the 512-bit binary floating point form (Terraform's big.Float precision) that a
// number takes when a double would not hold it exactly, with parsing, rounding and printing rules.
#pragma once

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/cpp_int.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "lang/value.h"

namespace fedplan {

// A binary float with a 512-bit mantissa, rounding to nearest even, like Go's big.Float at the
// precision cty parses numbers with.
using BigFloat = boost::multiprecision::number<
    boost::multiprecision::cpp_bin_float<512, boost::multiprecision::digit_base_2>,
    boost::multiprecision::et_off>;
using BigInt = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<>,
                                             boost::multiprecision::et_off>;

// What a number Value holds when it is not kept as a double.
struct BigNumber {
  BigFloat value;
};

// Integers below this magnitude are exact as doubles and stay in double storage; every other
// finite number is stored as a BigNumber.
constexpr double kExactDoubleLimit = 9007199254740992.0;  // 2^53

// True when `n` is kept in double storage: a whole number below 2^53, or not finite.
bool fits_double_storage(double n);

// The number held by `v` (a known number) at 512 bits; a double converts without rounding.
BigFloat exact_number(const Value& v);

// A number value for `x`, in double storage when it is a whole number below 2^53.
Value number_value(const BigFloat& x);

// Parses decimal text (`-`, digits, optional fraction, optional exponent) rounded to nearest
// even at 512 bits. nullopt when the text is not a number, or its exponent is beyond +-100000.
std::optional<BigFloat> parse_big_float(std::string_view text);

// parse_big_float() as a value; integers of up to 15 digits take the double fast path.
std::optional<Value> parse_number_value(std::string_view text);

// Go's big.Float Text('f', -1): the shortest decimal, without exponent, that reads back as the
// same 512-bit value (0.1 + 0.2 prints 0.3, 1/3 prints 0.333... with 155 digits).
std::string format_big_float(const BigFloat& x);

// printf's %.Nf and %.Ne of a non-negative finite number, from its exact binary value rounded
// half to even (as Go's big.Float formats): format_big_fixed(2.5, 0) is "2".
std::string format_big_fixed(const BigFloat& magnitude, int precision);
std::string format_big_scientific(const BigFloat& magnitude, int precision);

// -1, 0 or 1 as number `a` is below, equal to or above number `b` (both known numbers),
// compared exactly whichever storage each uses.
int compare_numbers(const Value& a, const Value& b);

// The exact integer when `x` is a finite whole number.
std::optional<BigInt> big_integer(const BigFloat& x);

}  // namespace fedplan
