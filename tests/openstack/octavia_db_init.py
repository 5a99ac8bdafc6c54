# Creates Octavia's SQLite schema from its SQLAlchemy models and seeds the lookup tables.
# Octavia's Alembic migrations cannot run on SQLite (ALTER of constraints), so the harness
# does what Octavia's own functional tests do (octavia/tests/functional/db/base.py), then
# runs `octavia-db-manage --config-file CONFIG stamp head` (its own code, in this process)
# to record the schema as current.
#
# Usage: /usr/bin/python3 -I octavia_db_init.py SQLITE_PATH CONFIG_FILE
import sys

# Only Debian's packages: nothing installed under /usr/local may shadow them.
sys.path = [p for p in sys.path if not p.startswith("/usr/local/")]

import sqlalchemy  # noqa: E402

from octavia.common import constants  # noqa: E402
from octavia.db import base_models  # noqa: E402
from octavia.db import models  # noqa: E402

# Lookup tables and the names the migrations insert into them (the same lists the
# migrations use, kept by Octavia as constants).
LOOKUPS = [
    (models.ProvisioningStatus, constants.SUPPORTED_PROVISIONING_STATUSES),
    (models.OperatingStatus, constants.SUPPORTED_OPERATING_STATUSES),
    (models.HealthMonitorType, constants.SUPPORTED_HEALTH_MONITOR_TYPES),
    (models.Algorithm, constants.SUPPORTED_LB_ALGORITHMS),
    (models.Protocol, constants.SUPPORTED_PROTOCOLS),
    (models.SessionPersistenceType, constants.SUPPORTED_SP_TYPES),
    (models.AmphoraRoles, constants.SUPPORTED_AMPHORA_ROLES),
    (models.LBTopology, constants.SUPPORTED_LB_TOPOLOGIES),
    (models.VRRPAuthMethod, constants.SUPPORTED_VRRP_AUTH),
    (models.L7RuleType, constants.SUPPORTED_L7RULE_TYPES),
    (models.L7RuleCompareType, constants.SUPPORTED_L7RULE_COMPARE_TYPES),
    (models.L7PolicyAction, constants.SUPPORTED_L7POLICY_ACTIONS),
    (models.ClientAuthenticationMode, constants.SUPPORTED_CLIENT_AUTH_MODES),
]


def main(path):
    engine = sqlalchemy.create_engine("sqlite:///" + path)
    with engine.begin() as conn:
        # WAL lets the played controller write while the API reads.
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    base_models.BASE.metadata.create_all(engine)
    with engine.begin() as conn:
        for model, names in LOOKUPS:
            table = model.__table__
            have = {r[0] for r in conn.execute(sqlalchemy.select(table.c.name))}
            rows = [{"name": n} for n in sorted(set(names) - have)]
            if rows:
                conn.execute(table.insert(), rows)
        # Placeholders the migrations add for LBs whose flavor or AZ was deleted.
        nil = constants.NIL_UUID
        placeholders = [
            (models.FlavorProfile, dict(id=nil, name="DELETED-PLACEHOLDER",
                                        provider_name=constants.DELETED,
                                        flavor_data="{}")),
            (models.Flavor, dict(id=nil, flavor_profile_id=nil,
                                 name="DELETED-PLACEHOLDER", enabled=False,
                                 description="Placeholder for DELETED LBs with "
                                             "DELETED flavors")),
            (models.AvailabilityZoneProfile,
             dict(id=nil, name="DELETED-PLACEHOLDER",
                  provider_name=constants.DELETED, availability_zone_data="{}")),
            (models.AvailabilityZone,
             dict(availability_zone_profile_id=nil, name=nil, enabled=False,
                  description="Placeholder for DELETED LBs with DELETED "
                              "availability zones")),
        ]
        for model, row in placeholders:
            table = model.__table__
            key = table.c.id if "id" in table.c else table.c.name
            if conn.execute(sqlalchemy.select(key).where(
                    key == row[key.name])).first() is None:
                conn.execute(table.insert(), [row])
        # The amphora build rate limiter's single row (migration fc5582da7d8a).
        slots = models.AmphoraBuildSlots.__table__
        if conn.execute(sqlalchemy.select(slots.c.id)).first() is None:
            conn.execute(slots.insert(), [{"id": 1, "slots_used": 0}])


def stamp_head(config_file):
    from octavia.db.migration import cli

    sys.argv = ["octavia-db-manage", "--config-file", config_file, "stamp", "head"]
    cli.main()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: octavia_db_init.py SQLITE_PATH CONFIG_FILE")
    main(sys.argv[1])
    stamp_head(sys.argv[2])
