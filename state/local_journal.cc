// The journal format: a JSON header line, then records framed by length and SHA-256, so a
// record cut short by a kill is told apart from a whole one and never read as changes.
#include "state/local_journal.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "base/digest.h"
#include "state/json_writer.h"
#include "state/pending_operations.h"
#include "state/state_json.h"

namespace fedplan {

namespace {

using json = nlohmann::json;

constexpr std::string_view kRecordMark = "R ";
constexpr size_t kDigestHex = 64;
// "R " + at most 20 digits + " " + the digest: a frame line is never longer.
constexpr size_t kMaxFrameLine = 2 + 20 + 1 + kDigestHex;

size_t line_at(std::string_view text, size_t pos) {
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + pos, '\n'));
}

// Reads "R LENGTH DIGEST" into its parts; false when the line is not a frame.
bool parse_frame(std::string_view line, size_t* length, std::string_view* digest) {
  if (line.substr(0, kRecordMark.size()) != kRecordMark) return false;
  line.remove_prefix(kRecordMark.size());
  size_t space = line.find(' ');
  if (space == std::string_view::npos || space == 0) return false;
  auto r = std::from_chars(line.data(), line.data() + space, *length);
  if (r.ec != std::errc() || r.ptr != line.data() + space) return false;
  *digest = line.substr(space + 1);
  return digest->size() == kDigestHex && std::all_of(digest->begin(), digest->end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool read_header(std::string_view line, JournalBase* base, std::string* why) {
  json h = json::parse(line, nullptr, false);
  if (h.is_discarded() || !h.is_object()) {
    *why = "its first line is not a journal header";
    return false;
  }
  auto version = h.find("fedplan_state_journal");
  auto lineage = h.find("lineage");
  auto serial = h.find("serial");
  if (version == h.end() || !version->is_number_unsigned() || lineage == h.end() ||
      !lineage->is_string() || serial == h.end() || !serial->is_number_unsigned()) {
    *why = "its header needs \"fedplan_state_journal\", \"lineage\" and \"serial\"";
    return false;
  }
  if (version->get<uint64_t>() > static_cast<uint64_t>(kJournalVersion)) {
    *why = "it was written by a newer fedplan (journal format " + version->dump() +
           "; this build reads " + std::to_string(kJournalVersion) + ")";
    return false;
  }
  base->lineage = lineage->get<std::string>();
  base->serial = serial->get<uint64_t>();
  return true;
}

// The entries a record's control line removes, each checked.
bool read_removed(const json& removed, std::vector<std::pair<InstanceAddr, std::string>>* out,
                  std::string* why) {
  if (!removed.is_array()) {
    *why = "\"removed\" must be an array";
    return false;
  }
  for (size_t i = 0; i < removed.size(); ++i) {
    const json& r = removed[i];
    std::string at = "removed[" + std::to_string(i) + "]";
    auto address = r.is_object() ? r.find("address") : r.end();
    if (address == r.end() || !address->is_string()) {
      *why = at + ": \"address\" must be a string";
      return false;
    }
    std::string err;
    auto addr = parse_instance(address->get_ref<const std::string&>(), &err);
    if (!addr) {
      *why = at + ": bad \"address\": " + err;
      return false;
    }
    std::string deposed;
    if (auto d = r.find("deposed"); d != r.end()) {
      if (!d->is_string() || d->get_ref<const std::string&>().empty()) {
        *why = at + ": \"deposed\" must be a non-empty string";
        return false;
      }
      deposed = d->get<std::string>();
    }
    out->emplace_back(std::move(*addr), std::move(deposed));
  }
  return true;
}

// The addresses of "pending_removed", each checked.
bool read_addresses(const json& list, std::vector<InstanceAddr>* out, std::string* why) {
  if (!list.is_array()) {
    *why = "\"pending_removed\" must be an array";
    return false;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    std::string err = "not a string";
    auto addr = list[i].is_string() ? parse_instance(list[i].get_ref<const std::string&>(), &err)
                                    : std::nullopt;
    if (!addr) {
      *why = "pending_removed[" + std::to_string(i) + "]: bad address: " + err;
      return false;
    }
    out->push_back(std::move(*addr));
  }
  return true;
}

}  // namespace

std::string journal_header(const JournalBase& base) {
  std::string out;
  {
    JsonOut o(out);
    o.raw("{\"fedplan_state_journal\":");
    o.integer(kJournalVersion);
    o.raw(",\"lineage\":");
    o.string(base.lineage);
    o.raw(",\"serial\":");
    o.raw(std::to_string(base.serial));
    o.raw("}\n");
  }
  return out;
}

std::string journal_record_body(const EncodedChanges& changes, uint64_t serial, bool same_outputs) {
  EncodedState doc;
  doc.head.lineage = changes.head.lineage;
  doc.head.serial = serial;
  if (!same_outputs) doc.head.outputs = changes.head.outputs;
  std::string out;
  {
    JsonOut o(out);
    o.raw("{\"serial\":");
    o.raw(std::to_string(serial));
    o.raw(",\"lineage\":");
    o.string(changes.head.lineage);
    if (same_outputs) o.raw(",\"same_outputs\":true");
    o.raw(",\"removed\":[");
    bool first = true;
    for (const EncodedChanges::Entry& e : changes.entries) {
      if (e.text) {
        doc.resources.push_back(e.text);
        continue;
      }
      o.raw(first ? "{\"address\":" : ",{\"address\":");
      first = false;
      o.string(e.addr.to_string());
      if (!e.deposed.empty()) {
        o.raw(",\"deposed\":");
        o.string(e.deposed);
      }
      o.raw('}');
    }
    o.raw(']');
    // Pending operations set, as the state file's pending_operations, then those removed.
    for (bool set : {true, false}) {
      bool none = true;
      for (const EncodedChanges::Entry& p : changes.pending) {
        if (static_cast<bool>(p.text) != set) continue;
        o.raw(!none ? "," : set ? ",\"pending_operations\":[" : ",\"pending_removed\":[");
        none = false;
        if (set) {
          o.raw("{\"operation\":\"create\",\"resource\":");
          o.raw(*p.text);
          o.raw('}');
        } else {
          o.string(p.addr.to_string());
        }
      }
      if (!none) o.raw(']');
    }
    o.raw("}\n");
  }
  out += assemble_state(doc);
  return out;
}

bool same_outputs(const std::map<std::string, OutputState>& a,
                  const std::map<std::string, OutputState>& b) {
  if (a.size() != b.size()) return false;
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
    if (i->first != j->first || i->second.sensitive != j->second.sensitive ||
        i->second.value != j->second.value || i->second.type != j->second.type)
      return false;
  return true;
}

std::string frame_journal_record(std::string_view body) {
  std::string out;
  out.reserve(body.size() + kMaxFrameLine + 2);
  out += kRecordMark;
  out += std::to_string(body.size());
  out += ' ';
  out += sha256_hex(body);
  out += '\n';
  out += body;
  out += '\n';
  return out;
}

bool split_journal(std::string_view text, const std::string& file, JournalText* out,
                   Diagnostics& diags) {
  auto invalid = [&](size_t pos, const std::string& why) {
    diags.error("Cannot read the state journal " + file + " (line " +
                    std::to_string(line_at(text, pos)) + ")",
                "The journal holds the changes of the last apply's writes. It is damaged: " + why +
                    ". fedplan does not guess what it held; the state file alone is as it was "
                    "before that apply. Move the journal away to use the state file alone.");
    return false;
  };
  size_t eol = text.find('\n');
  std::string why;
  if (eol == std::string_view::npos) return invalid(0, "its header line is incomplete");
  if (!read_header(text.substr(0, eol), &out->base, &why)) return invalid(0, why);
  size_t pos = eol + 1;
  while (pos < text.size()) {
    std::string_view rest = text.substr(pos);
    size_t frame_end = rest.substr(0, kMaxFrameLine + 1).find('\n');
    if (frame_end == std::string_view::npos && rest.size() <= kMaxFrameLine) {
      out->torn = true;  // killed while writing the frame line
      return true;
    }
    size_t length = 0;
    std::string_view digest;
    if (frame_end == std::string_view::npos ||
        !parse_frame(rest.substr(0, frame_end), &length, &digest))
      return invalid(pos, "a record does not start with \"R LENGTH SHA256\"");
    size_t body = frame_end + 1;
    if (length > rest.size() || body + length + 1 > rest.size()) {
      out->torn = true;  // killed while writing the body
      return true;
    }
    std::string_view bytes = rest.substr(body, length);
    bool whole = rest[body + length] == '\n' && sha256_hex(bytes) == digest;
    if (!whole) {
      if (body + length + 1 == rest.size()) {
        out->damaged_tail = true;
        return true;
      }
      return invalid(pos, "a record's bytes do not match its checksum, and records follow it");
    }
    out->bodies.push_back(bytes);
    out->lines.push_back(line_at(text, pos));
    pos += body + length + 1;
  }
  return true;
}

bool fold_journal_record(std::string_view body, const std::string& where, bool heads_only,
                         State& state, Diagnostics& diags) {
  auto invalid = [&](const std::string& why) {
    diags.error("Invalid state journal record: " + where, why);
    return false;
  };
  size_t eol = body.find('\n');
  if (eol == std::string_view::npos) return invalid("it has no control line");
  json control = json::parse(body.substr(0, eol), nullptr, false);
  if (control.is_discarded() || !control.is_object())
    return invalid("its first line is not a JSON object");
  auto serial = control.find("serial");
  auto lineage = control.find("lineage");
  if (serial == control.end() || !serial->is_number_unsigned() || lineage == control.end() ||
      !lineage->is_string())
    return invalid("its first line needs \"serial\" (a number) and \"lineage\" (a string)");
  if (lineage->get_ref<const std::string&>() != state.lineage)
    return invalid("lineage " + lineage->get<std::string>() + " is not the state's (" +
                   state.lineage + ")");
  uint64_t s = serial->get<uint64_t>();
  if (s <= state.serial)
    return invalid("serial " + std::to_string(s) + " does not follow serial " +
                   std::to_string(state.serial));
  if (heads_only) {
    state.serial = s;
    return true;
  }
  std::vector<std::pair<InstanceAddr, std::string>> removed;
  std::string why;
  if (auto r = control.find("removed"); r != control.end() && !read_removed(*r, &removed, &why))
    return invalid(why);
  std::vector<InstanceAddr> pending_removed;
  if (auto r = control.find("pending_removed");
      r != control.end() && !read_addresses(*r, &pending_removed, &why))
    return invalid(why);
  State pending_set;
  pending_set.lineage = state.lineage;
  pending_set.serial = s;
  if (auto p = control.find("pending_operations");
      p != control.end() && !read_pending_operations(*p, pending_set, where, diags))
    return false;
  auto same = control.find("same_outputs");
  if (same != control.end() && !same->is_boolean())
    return invalid("\"same_outputs\" must be a boolean");
  auto changed = decode_state(std::string(body.substr(eol + 1)), where, diags);
  if (!changed) return false;
  if (changed->serial != s || changed->lineage != state.lineage)
    return invalid("its state document's serial and lineage are not its first line's");
  for (auto& [addr, deposed] : removed) {
    if (deposed.empty())
      state.instances.erase(addr);
    else
      state.deposed.erase(DeposedKey{addr, deposed});
  }
  for (const InstanceAddr& addr : pending_removed) state.pending.erase(addr);
  for (auto& [addr, op] : pending_set.pending) state.pending.insert_or_assign(addr, std::move(op));
  for (auto& [addr, inst] : changed->instances)
    state.instances.insert_or_assign(addr, std::move(inst));
  for (auto& [key, inst] : changed->deposed) state.deposed.insert_or_assign(key, std::move(inst));
  if (same == control.end() || !same->get<bool>()) state.outputs = std::move(changed->outputs);
  state.fedplan_version = std::move(changed->fedplan_version);
  state.serial = s;
  return true;
}

}  // namespace fedplan
