// Wait blocks, field paths and the wait check.
#include "providers/kube/wait.h"

#include "base/duration.h"

namespace fedplan::kube {

using nlohmann::json;

std::optional<WaitSpec> parse_wait(const Doc& block_in, std::string* err) {
  Doc block = block_in;
  if (block.is_null()) return std::nullopt;
  if (block.known() && block.json.is_array()) {
    if (block.json.empty()) return std::nullopt;
    if (block.json.size() > 1) {
      *err = "only one wait block is allowed";
      return std::nullopt;
    }
    block = block.at(size_t{0});
  }
  if (!block.known() || !block.json.is_object()) {
    *err = "wait must be a block";
    return std::nullopt;
  }
  WaitSpec w;
  auto str = [&](const char* name, std::string* out) {
    Doc v = block.at(name);
    if (v.is_null()) return true;
    if (!v.known()) {
      *err = std::string("wait.") + name + " is not known yet";
      return false;
    }
    if (v.json.is_string()) {
      *out = v.json.get<std::string>();
    } else if (v.json.is_number()) {
      *out = format_number(v.json.get<double>());
    } else if (v.json.is_boolean()) {
      *out = v.json.get<bool>() ? "true" : "false";
    } else {
      *err = std::string("wait.") + name + " must be a string";
      return false;
    }
    return true;
  };
  std::string timeout, value, on_timeout;
  bool has_value = !block.at("value").is_null();
  if (!str("condition", &w.condition) || !str("jsonpath", &w.jsonpath) ||
      !str("timeout", &timeout) || !str("value", &value) || !str("on_timeout", &on_timeout) ||
      !str("error_message", &w.error_message))
    return std::nullopt;
  if (!on_timeout.empty() && on_timeout != "fail" && on_timeout != "continue") {
    *err = "wait.on_timeout must be \"fail\" or \"continue\", not \"" + on_timeout + "\"";
    return std::nullopt;
  }
  w.continue_on_timeout = on_timeout == "continue";
  if (has_value) w.value = value;
  if (w.condition.empty() == w.jsonpath.empty()) {
    *err = "the wait block needs exactly one of condition or jsonpath";
    return std::nullopt;
  }
  if (w.value && w.jsonpath.empty()) {
    *err = "wait.value goes with wait.jsonpath, not with condition";
    return std::nullopt;
  }
  if (!w.jsonpath.empty() && !parse_json_path(w.jsonpath, err)) return std::nullopt;
  if (!timeout.empty()) {
    std::optional<std::chrono::milliseconds> d = parse_duration(timeout);
    if (!d) {
      *err = "wait.timeout \"" + timeout + "\" is not a duration (for example \"300s\" or \"5m\")";
      return std::nullopt;
    }
    w.timeout = *d;
  }
  return w;
}

std::optional<WaitSpec> parse_wait(const Value& block, std::string* err) {
  return parse_wait(to_doc(block), err);
}

std::optional<ValuePath> parse_json_path(const std::string& text_in, std::string* err) {
  std::string text = text_in;
  if (text.size() >= 2 && text.front() == '{' && text.back() == '}')
    text = text.substr(1, text.size() - 2);
  if (!text.empty() && text.front() == '.') text.erase(0, 1);
  ValuePath steps;
  size_t i = 0;
  auto bad = [&](const std::string& why) {
    *err = "jsonpath \"" + text_in + "\": " + why;
    return std::nullopt;
  };
  if (text.empty()) return bad("empty path");
  bool need_key = true;
  while (i < text.size()) {
    if (text[i] == '[') {
      size_t close = text.find(']', i);
      if (close == std::string::npos) return bad("missing ]");
      std::string inner = text.substr(i + 1, close - i - 1);
      PathStep s;
      if (inner.size() >= 2 && (inner.front() == '"' || inner.front() == '\'') &&
          inner.back() == inner.front()) {
        s.key = inner.substr(1, inner.size() - 2);
      } else {
        if (inner.empty() || inner.find_first_not_of("0123456789") != std::string::npos)
          return bad("index \"" + inner + "\" is not a number or a quoted key");
        s.is_index = true;
        s.index = std::stoul(inner);
      }
      steps.push_back(s);
      i = close + 1;
      need_key = false;
      continue;
    }
    if (text[i] == '.') {
      if (need_key) return bad("empty key");
      ++i;
      need_key = true;
      continue;
    }
    size_t end = i;
    while (end < text.size() && text[end] != '.' && text[end] != '[') ++end;
    if (!need_key) return bad("expected . or [ before \"" + text.substr(i, end - i) + "\"");
    steps.push_back(PathStep::attr(text.substr(i, end - i)));
    i = end;
    need_key = false;
  }
  if (need_key) return bad("ends with .");
  return steps;
}

std::string json_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return format_number(v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

WaitCheck check_wait(const WaitSpec& spec, const json& object) {
  WaitCheck c;
  if (!spec.condition.empty()) {
    const json* conds = json_at(object, {PathStep::attr("status"), PathStep::attr("conditions")});
    if (conds && conds->is_array()) {
      for (const json& cond : *conds) {
        if (!cond.is_object() || cond.value("type", "") != spec.condition) continue;
        std::string status = cond.value("status", "");
        // A condition about an older generation says nothing about this apply.
        const json* gen =
            json_at(object, {PathStep::attr("metadata"), PathStep::attr("generation")});
        auto og = cond.find("observedGeneration");
        if (status == "True" && gen && gen->is_number() && og != cond.end() && og->is_number() &&
            og->get<double>() < gen->get<double>()) {
          c.waiting_for =
              "condition " + spec.condition + " to be observed for the latest generation";
          return c;
        }
        if (status == "True") {
          c.done = true;
          return c;
        }
        c.waiting_for = "condition " + spec.condition + " is \"" + status + "\"";
        if (cond.contains("reason") && cond["reason"].is_string())
          c.waiting_for += " (reason: " + cond["reason"].get<std::string>() + ")";
        if (cond.contains("message") && cond["message"].is_string() &&
            !cond["message"].get<std::string>().empty())
          c.waiting_for += ": " + cond["message"].get<std::string>();
        return c;
      }
    }
    c.waiting_for = "condition " + spec.condition + " (not reported yet)";
    return c;
  }
  std::string err;
  std::optional<ValuePath> path = parse_json_path(spec.jsonpath, &err);
  if (!path) {
    c.waiting_for = err;
    return c;
  }
  const json* v = json_at(object, *path);
  bool empty = !v || v->is_null() || (v->is_string() && v->get<std::string>().empty()) ||
               (v->is_structured() && v->empty());
  if (empty) {
    c.waiting_for = spec.jsonpath + " to be set";
    return c;
  }
  if (spec.value && json_text(*v) != *spec.value) {
    c.waiting_for =
        spec.jsonpath + " to be \"" + *spec.value + "\" (it is \"" + json_text(*v) + "\")";
    return c;
  }
  c.done = true;
  return c;
}

}  // namespace fedplan::kube
