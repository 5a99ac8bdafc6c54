// Value: the dynamic values of the fedplan language, shared by the evaluator, providers and
// state. Two marks travel with every value: unknown (known only after apply) and sensitive.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fedplan {

// The kinds of value. List, Set and Map hold elements of one type; Tuple and Object are
// the structural kinds that literals produce (`[1, "a"]`, `{ a = 1 }`). Dynamic appears only
// on an unknown value whose type is not known either.
enum class ValueKind : uint8_t {
  Null,
  Bool,
  Number,
  String,
  List,
  Tuple,
  Set,
  Map,
  Object,
  Dynamic
};

const char* kind_name(ValueKind kind);

class Value;
struct BigNumber;  // lang/value_number.h
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value, std::less<>>;

// An immutable value; copies are cheap (collections are shared, never mutated in place).
class Value {
 public:
  // Mark bits. Unknown is carried by the value itself; sensitive is shallow: a collection
  // holding a sensitive element is not itself sensitive (see contains_sensitive()).
  enum Mark : uint8_t { kUnknown = 1, kSensitive = 2 };

  Value() = default;  // null
  static Value null() { return Value(); }
  static Value boolean(bool b);
  // A number. Whole numbers below 2^53 (and infinities) are stored as the double; any other
  // double is read as its shortest decimal text at 512 bits (so 0.1 is the decimal 0.1).
  static Value number(double n);
  // A number held at 512 bits (lang/value_number.h's number_value() picks the storage).
  static Value big_number(std::shared_ptr<const BigNumber> n);
  static Value string(std::string s);
  static Value list(ValueList items);
  static Value tuple(ValueList items);
  static Value set(ValueList items);  // sorts and removes duplicates
  static Value map(ValueMap items);
  static Value object(ValueMap items);
  // A value that will be known only after apply; `kind` is its type when that is known.
  static Value unknown(ValueKind kind = ValueKind::Dynamic);

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::Null && known(); }
  bool known() const { return (marks_ & kUnknown) == 0; }
  bool sensitive() const { return (marks_ & kSensitive) != 0; }
  uint8_t marks() const { return marks_; }
  // True when neither this value nor anything inside it is unknown.
  bool wholly_known() const;
  // True when this value or anything inside it is sensitive.
  bool contains_sensitive() const;

  bool is_collection() const;  // list, tuple, set, map, object
  bool is_sequence() const;    // list, tuple, set
  bool is_mapping() const;     // map, object

  // Accessors; calling one on the wrong kind (or an unknown value) is a bug and throws.
  bool as_bool() const;
  // The number as a double (rounded when it is held at 512 bits): for counts, ports and
  // indexes. Exact arithmetic, comparison and printing use exact_number() / format_number().
  double as_number() const;
  // The 512-bit form of a number, or nullptr when it is held as a double.
  const BigNumber* as_big_number() const;
  const std::string& as_string() const;
  const ValueList& elements() const;   // list, tuple, set
  const ValueMap& attributes() const;  // map, object
  size_t size() const;                 // elements or attributes; string length in bytes

  // Element or attribute lookup without throwing; nullptr when absent or not a collection.
  const Value* get(std::string_view key) const;
  const Value* at(size_t index) const;

  // Returns a copy with `mark` added, or with every mark removed (deeply for unmark_deep).
  Value with_marks(uint8_t marks) const;
  Value mark_sensitive() const { return with_marks(kSensitive); }
  Value unmarked() const;
  Value unmarked_deep() const;

  // Deep equality of kind, content and marks. Use equal_content() to ignore marks.
  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }
  bool equal_content(const Value& other) const;
  // A total order (used for sets and stable output).
  static int compare(const Value& a, const Value& b);

  // "string", "list of string", "object", ...; used in type error messages.
  std::string type_name() const;

 private:
  using Storage = std::variant<std::monostate, bool, double, std::shared_ptr<const std::string>,
                               std::shared_ptr<const ValueList>, std::shared_ptr<const ValueMap>,
                               std::shared_ptr<const BigNumber>>;
  ValueKind kind_ = ValueKind::Null;
  uint8_t marks_ = 0;
  Storage data_;
};

// Formats a double the way the language prints it: integers without a decimal point, other
// values in the shortest form that reads back the same. For a number Value use
// format_number(const Value&), which is exact at any size.
std::string format_number(double n);
// Formats a number value exactly: integers of any size in full, other numbers in the shortest
// decimal that reads back as the same 512-bit value (Terraform's printing).
std::string format_number(const Value& v);

// A short, human-readable rendering of a value (HCL-like syntax) for messages and tests.
// Sensitive values print as (sensitive value), unknown ones as (known after apply).
std::string debug_string(const Value& v);

}  // namespace fedplan
