// Tests of what a create's intent records: the planned value with the arguments known only at
// apply time filled in, so that the next run can find the object a killed create made.
#include "engine/apply/apply_step.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("a create's intent holds the arguments known only at apply time") {
  // A member of a pool created earlier in the same run: pool_id was unknown when planned.
  Value planned = Value::object({{"pool_id", Value::unknown(ValueKind::String)},
                                 {"address", Value::string("10.0.1.11")},
                                 {"id", Value::unknown(ValueKind::String)}});
  Value config = Value::object({{"pool_id", Value::string("pool-1")},
                                {"address", Value::string("10.0.1.11")},
                                {"id", Value()}});
  Value intent = create_intent(planned, config);
  CHECK(intent.get("pool_id")->as_string() == "pool-1");
  CHECK(intent.get("address")->as_string() == "10.0.1.11");
  // Computed by the create: still unknown (recorded as null).
  CHECK(!intent.get("id")->known());
}

TEST_CASE("a create's intent keeps the planned value where the configuration says nothing") {
  Value planned = Value::object({{"weight", Value::number(1)}});
  Value intent = create_intent(planned, Value::object({{"weight", Value()}}));
  CHECK(intent.get("weight")->as_number() == 1);
  CHECK(create_intent(planned, Value()).get("weight")->as_number() == 1);
}
