// Conversion functions (tostring, tonumber, tobool, tolist, toset, tomap) and the mark
// functions sensitive() / nonsensitive(). The conversions are done by call_function() through
// each parameter's type; the implementations only hand the converted value back.
#include "lang/functions_util.h"

namespace fedplan::fn {
namespace {

FunctionResult identity(Args args, const FunctionContext&) {
  return ok(args[0]);
}

FunctionResult sensitive(Args args, const FunctionContext&) {
  return ok(args[0].mark_sensitive());
}

FunctionResult nonsensitive(Args args, const FunctionContext&) {
  return ok(args[0].unmarked());
}

Function conversion(const char* name, const char* summary, Type type) {
  ValueKind kind = type.value_kind();
  // Unknown and sensitive parts pass through convert() untouched, so they stay in place.
  return make_function(name, summary, {param("v", std::move(type), kNull | kUnknown | kMarked)},
                       identity, kind);
}

}  // namespace

void add_conversion_functions(std::vector<Function>* out) {
  out->push_back(conversion("tostring", "Converts a number or bool to a string.", Type::string()));
  out->push_back(conversion("tonumber", "Converts a numeric string to a number.", Type::number()));
  out->push_back(conversion("tobool", "Converts \"true\"/\"false\" to a bool.", Type::boolean()));
  out->push_back(conversion("tolist", "Converts a tuple or set to a list of one element type.",
                            Type::list(Type::any())));
  out->push_back(conversion("toset", "Converts a list or tuple to a set (sorted, no duplicates).",
                            Type::set(Type::any())));
  out->push_back(conversion("tomap", "Converts an object to a map of one element type.",
                            Type::map(Type::any())));
  const unsigned kAll = kNull | kUnknown | kMarked;
  out->push_back(make_function("sensitive", "Marks a value as sensitive.",
                               {param("value", Type::any(), kAll)}, sensitive, ValueKind::Dynamic));
  out->push_back(make_function("nonsensitive", "Removes the sensitive mark from a value.",
                               {param("value", Type::any(), kAll)}, nonsensitive,
                               ValueKind::Dynamic));
}

}  // namespace fedplan::fn
