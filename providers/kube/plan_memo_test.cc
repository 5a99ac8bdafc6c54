// Tests of PlanMemo: the same plan question within the reuse time gets the kept answer once;
// incomplete answers are never kept; old answers expire.
#include "providers/kube/plan_memo.h"

#include <doctest/doctest.h>

#include "base/testing/fake_clock.h"

namespace fedplan::kube {
namespace {

PlanRequest question(const std::string& name, const Value& prior = Value()) {
  return PlanRequest{"kube_object", prior,
                     Value::object({{"manifest", Value::object({{"name", Value::string(name)}})}})};
}

PlanResult answer(const std::string& marker) {
  PlanResult r;
  r.planned = Value::object({{"marker", Value::string(marker)}});
  return r;
}

TEST_CASE("the same plan question within the reuse time gets the kept answer, once") {
  FakeClock clock;
  PlanMemo memo(clock, std::chrono::minutes(10));
  std::string key = PlanMemo::key_of(question("a"));
  CHECK(!memo.take(key));
  memo.put(key, answer("first"));
  clock.advance(std::chrono::minutes(9));
  std::optional<PlanResult> kept = memo.take(key);
  REQUIRE(kept);
  CHECK(kept->planned == answer("first").planned);
  CHECK(!memo.take(key));  // handed out once: a third question is asked of the server again
}

TEST_CASE("another prior, config or mark is another question") {
  std::string base = PlanMemo::key_of(question("a"));
  CHECK(PlanMemo::key_of(question("b")) != base);
  CHECK(PlanMemo::key_of(question("a", Value::object({{"uid", Value::string("u")}}))) != base);
  PlanRequest marked = question("a");
  marked.config =
      Value::object({{"manifest", Value::object({{"name", Value::string("a").mark_sensitive()}})}});
  CHECK(PlanMemo::key_of(marked) != base);
  PlanRequest other_type = question("a");
  other_type.type = "kube_objects";
  CHECK(PlanMemo::key_of(other_type) != base);
}

TEST_CASE("answers with errors, a degraded-plan note or an unknown config are not kept") {
  FakeClock clock;
  PlanMemo memo(clock, std::chrono::minutes(10));
  std::string key = PlanMemo::key_of(question("a"));
  PlanResult failed = answer("x");
  failed.diags.error("Dry run failed", "422");
  memo.put(key, failed);
  CHECK(!memo.take(key));
  PlanResult noted = answer("x");
  noted.note = "cluster unreachable: planned from config alone";
  memo.put(key, noted);
  CHECK(!memo.take(key));
  PlanRequest unknown = question("a");
  unknown.config = Value::object({{"manifest", Value::unknown()}});
  CHECK(PlanMemo::key_of(unknown).empty());
  memo.put(PlanMemo::key_of(unknown), answer("x"));
  CHECK(memo.size() == 0);
}

TEST_CASE("kept answers expire after the reuse time, and the memo stays bounded") {
  FakeClock clock;
  PlanMemo memo(clock, std::chrono::seconds(60), 3);
  std::string a = PlanMemo::key_of(question("a"));
  memo.put(a, answer("a"));
  clock.advance(std::chrono::seconds(61));
  CHECK(!memo.take(a));
  for (const char* n : {"1", "2", "3", "4"}) memo.put(PlanMemo::key_of(question(n)), answer(n));
  CHECK(memo.size() == 3);
  CHECK(!memo.take(PlanMemo::key_of(question("1"))));  // the oldest made room
  CHECK(memo.take(PlanMemo::key_of(question("4"))));
}

}  // namespace
}  // namespace fedplan::kube
