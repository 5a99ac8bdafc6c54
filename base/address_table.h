// An index from instance address to the caller's own ids, in one array: no per-entry
// allocation to make at 100k instances, and none to free when the walk is over.
#pragma once

#include <cstddef>
#include <vector>

#include "base/address_hash.h"

namespace fedplan {

// Open addressing with linear probing over (hash, id) slots. It stores no addresses: every
// call is given `addr_of(id)`, which reads an id's address from the caller's storage.
class AddrTable {
 public:
  // Adds `id`, replacing an id of an equal address.
  template <class AddrOf>
  void insert(int id, AddrOf addr_of) {
    if ((count_ + 1) * 2 > slots_.size()) grow(addr_of);
    const InstanceAddr& a = addr_of(id);
    size_t h = InstanceAddrHash{}(a);
    for (size_t i = h & mask();; i = (i + 1) & mask()) {
      Slot& s = slots_[i];
      if (s.id < 0) {
        s = Slot{h, id};
        ++count_;
        return;
      }
      if (s.hash == h && addr_of(s.id) == a) {
        s.id = id;
        return;
      }
    }
  }

  // The id whose address equals `a`, or -1.
  template <class AddrOf>
  int find(const InstanceAddr& a, AddrOf addr_of) const {
    if (slots_.empty()) return -1;
    size_t h = InstanceAddrHash{}(a);
    for (size_t i = h & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.id < 0) return -1;
      if (s.hash == h && addr_of(s.id) == a) return s.id;
    }
  }

  // Makes room for `n` entries without growing on the way.
  template <class AddrOf>
  void reserve(size_t n, AddrOf addr_of) {
    while (n * 2 > slots_.size()) grow(addr_of);
  }

 private:
  struct Slot {
    size_t hash = 0;
    int id = -1;
  };

  size_t mask() const { return slots_.size() - 1; }

  // Doubles the array; entries keep their hashes, so no address is read again.
  template <class AddrOf>
  void grow(AddrOf) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    for (const Slot& s : old) {
      if (s.id < 0) continue;
      size_t i = s.hash & mask();
      while (slots_[i].id >= 0) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, at most half full
  size_t count_ = 0;
};

}  // namespace fedplan
