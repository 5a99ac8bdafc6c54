# The played Octavia controller: moves PENDING_* objects in the API's SQLite database to
# their final state, as a real provider driver does through Octavia's driver-status updater.
#
# Usage: /usr/bin/python3 -I controller.py DIR
#
# The Octavia API with the noop provider writes objects as PENDING_CREATE/UPDATE/DELETE and
# locks their parents (PENDING_UPDATE); nothing else ever finishes them. This process polls
# the database every 0.2 s and, once a load balancer's tree has been pending for the delay,
# finishes the whole operation in one transaction, like octavia/api/drivers/driver_agent/
# driver_updater.py: CREATE/UPDATE -> ACTIVE, child DELETE -> row removed, LB DELETE ->
# children removed and the LB marked DELETED; quota in-use counters are decremented.
#
# Knobs (read on every poll, so tests change them while it runs):
#   DIR/control/delay         seconds an operation stays PENDING_* (float, default 0.5)
#   DIR/control/lb/<LB_ID>    one word for that load balancer's tree:
#       hold        leave its pending objects pending while the file exists
#       error       put the LB into ERROR now (provisioning and operating), pending
#                   objects of its tree into ERROR; the file is then removed
#       error-next  the next operation on the tree ends in ERROR instead of ACTIVE
#                   (objects and LB provisioning_status ERROR); the file is then removed
import datetime
import os
import signal
import sqlite3
import sys
import time

POLL_SECONDS = 0.2
DEFAULT_DELAY = 0.5

# Each table with a provisioning status: SQL giving (id, status, LB id) of its rows, and
# the name of its status column in that SQL.
LB_OF = {
    "load_balancer": ("SELECT id, provisioning_status, id FROM load_balancer",
                      "provisioning_status"),
    "listener": ("SELECT id, provisioning_status, load_balancer_id FROM listener",
                 "provisioning_status"),
    "pool": ("SELECT id, provisioning_status, load_balancer_id FROM pool",
             "provisioning_status"),
    "member": ("SELECT m.id, m.provisioning_status, p.load_balancer_id FROM member m "
               "JOIN pool p ON m.pool_id = p.id", "m.provisioning_status"),
    "health_monitor": ("SELECT h.id, h.provisioning_status, p.load_balancer_id "
                       "FROM health_monitor h JOIN pool p ON h.pool_id = p.id",
                       "h.provisioning_status"),
    "l7policy": ("SELECT y.id, y.provisioning_status, l.load_balancer_id FROM l7policy y "
                 "JOIN listener l ON y.listener_id = l.id", "y.provisioning_status"),
    "l7rule": ("SELECT r.id, r.provisioning_status, l.load_balancer_id FROM l7rule r "
               "JOIN l7policy y ON r.l7policy_id = y.id "
               "JOIN listener l ON y.listener_id = l.id", "r.provisioning_status"),
}
# Children first: the order deletes and status updates are applied in.
ORDER = ["l7rule", "l7policy", "member", "health_monitor", "pool", "listener",
         "load_balancer"]
QUOTA_COLUMN = {
    "load_balancer": "in_use_load_balancer", "listener": "in_use_listener",
    "pool": "in_use_pool", "member": "in_use_member",
    "health_monitor": "in_use_health_monitor", "l7policy": "in_use_l7policy",
    "l7rule": "in_use_l7rule",
}


def log(msg):
    stamp = datetime.datetime.now().strftime("%H:%M:%S.%f")[:-3]
    print("%s %s" % (stamp, msg), file=sys.stderr, flush=True)


def utcnow():
    return datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")


def read_delay(control):
    try:
        with open(os.path.join(control, "delay")) as f:
            return max(0.0, float(f.read().strip() or DEFAULT_DELAY))
    except (OSError, ValueError):
        return DEFAULT_DELAY


def read_faults(control):
    faults = {}
    lb_dir = os.path.join(control, "lb")
    try:
        names = os.listdir(lb_dir)
    except OSError:
        return faults
    for name in names:
        if name.startswith("."):
            continue
        try:
            with open(os.path.join(lb_dir, name)) as f:
                faults[name] = f.read().strip() or "error"
        except OSError:
            pass
    return faults


def clear_fault(control, lb_id):
    try:
        os.remove(os.path.join(control, "lb", lb_id))
    except OSError:
        pass


def pending_by_lb(db):
    """{lb_id: [(table, id, status)]} for every row whose status starts with PENDING_."""
    trees = {}
    for table in ORDER:
        sql, column = LB_OF[table]
        rows = db.execute("%s WHERE %s LIKE 'PENDING_%%'" % (sql, column))
        for row_id, status, lb_id in rows:
            trees.setdefault(lb_id, []).append((table, row_id, status))
    return trees


def decrement_quota(db, table, project_id, count=1):
    column = QUOTA_COLUMN[table]
    db.execute("UPDATE quotas SET %s = MAX(%s - ?, 0) WHERE project_id = ? AND %s > 0"
               % (column, column, column), (count, project_id))


def project_of(db, table, row_id):
    row = db.execute("SELECT project_id FROM %s WHERE id = ?" % table, (row_id,)).fetchone()
    return row[0] if row else None


def delete_tags(db, ids):
    db.executemany("DELETE FROM tags WHERE resource_id = ?", [(i,) for i in ids])


def delete_l7policy(db, policy_id):
    rules = [r[0] for r in db.execute("SELECT id FROM l7rule WHERE l7policy_id = ?",
                                      (policy_id,))]
    delete_tags(db, rules + [policy_id])
    db.execute("DELETE FROM l7rule WHERE l7policy_id = ?", (policy_id,))
    db.execute("DELETE FROM l7policy WHERE id = ?", (policy_id,))
    return {"l7rule": len(rules), "l7policy": 1}


def delete_pool(db, pool_id):
    members = [r[0] for r in db.execute("SELECT id FROM member WHERE pool_id = ?",
                                        (pool_id,))]
    monitors = [r[0] for r in db.execute("SELECT id FROM health_monitor WHERE pool_id = ?",
                                         (pool_id,))]
    delete_tags(db, members + monitors + [pool_id])
    db.execute("DELETE FROM member WHERE pool_id = ?", (pool_id,))
    db.execute("DELETE FROM health_monitor WHERE pool_id = ?", (pool_id,))
    db.execute("DELETE FROM session_persistence WHERE pool_id = ?", (pool_id,))
    db.execute("UPDATE listener SET default_pool_id = NULL WHERE default_pool_id = ?",
               (pool_id,))
    db.execute("UPDATE l7policy SET redirect_pool_id = NULL WHERE redirect_pool_id = ?",
               (pool_id,))
    db.execute("DELETE FROM pool WHERE id = ?", (pool_id,))
    return {"member": len(members), "health_monitor": len(monitors), "pool": 1}


def delete_listener(db, listener_id):
    counts = {}
    for (policy_id,) in db.execute("SELECT id FROM l7policy WHERE listener_id = ?",
                                   (listener_id,)).fetchall():
        for k, v in delete_l7policy(db, policy_id).items():
            counts[k] = counts.get(k, 0) + v
    delete_tags(db, [listener_id])
    for table in ("sni", "listener_cidr", "listener_statistics"):
        db.execute("DELETE FROM %s WHERE listener_id = ?" % table, (listener_id,))
    db.execute("DELETE FROM listener WHERE id = ?", (listener_id,))
    counts["listener"] = counts.get("listener", 0) + 1
    return counts


def delete_row(db, table, row_id):
    """Removes one object and what hangs off it; returns {table: count} for quotas."""
    if table == "l7policy":
        return delete_l7policy(db, row_id)
    if table == "pool":
        return delete_pool(db, row_id)
    if table == "listener":
        return delete_listener(db, row_id)
    delete_tags(db, [row_id])
    db.execute("DELETE FROM %s WHERE id = ?" % table, (row_id,))
    return {table: 1}


def delete_lb(db, lb_id):
    counts = {}
    for (listener_id,) in db.execute("SELECT id FROM listener WHERE load_balancer_id = ?",
                                     (lb_id,)).fetchall():
        for k, v in delete_listener(db, listener_id).items():
            counts[k] = counts.get(k, 0) + v
    for (pool_id,) in db.execute("SELECT id FROM pool WHERE load_balancer_id = ?",
                                 (lb_id,)).fetchall():
        for k, v in delete_pool(db, pool_id).items():
            counts[k] = counts.get(k, 0) + v
    db.execute("UPDATE load_balancer SET provisioning_status = 'DELETED', "
               "operating_status = 'OFFLINE', updated_at = ? WHERE id = ?", (utcnow(), lb_id))
    counts["load_balancer"] = 1
    return counts


def operating_status(db, table, row_id):
    enabled = db.execute("SELECT enabled FROM %s WHERE id = ?" % table, (row_id,)).fetchone()
    if not enabled or not enabled[0]:
        return "OFFLINE"
    if table == "member":
        monitored = db.execute(
            "SELECT 1 FROM member m JOIN health_monitor h ON h.pool_id = m.pool_id "
            "WHERE m.id = ? AND h.enabled AND h.provisioning_status IN "
            "('ACTIVE', 'PENDING_CREATE', 'PENDING_UPDATE')", (row_id,)).fetchone()
        return "ONLINE" if monitored else "NO_MONITOR"
    return "ONLINE"


def finish(db, lb_id, rows, fail):
    """Finishes one pending operation on a tree; returns log lines."""
    lines = []
    project = project_of(db, "load_balancer", lb_id)
    now = utcnow()
    rows = sorted(rows, key=lambda r: ORDER.index(r[0]))
    for table, row_id, status in rows:
        if fail:
            db.execute("UPDATE %s SET provisioning_status = 'ERROR', updated_at = ? "
                       "WHERE id = ?" % table, (now, row_id))
            lines.append("%s %s %s -> ERROR" % (table, row_id, status))
            continue
        if status == "PENDING_DELETE":
            gone = delete_lb(db, row_id) if table == "load_balancer" else \
                delete_row(db, table, row_id)
            for t, n in gone.items():
                decrement_quota(db, t, project, n)
            lines.append("%s %s %s -> %s" % (table, row_id, status,
                         "DELETED" if table == "load_balancer" else "removed"))
            continue
        db.execute("UPDATE %s SET provisioning_status = 'ACTIVE', operating_status = ?, "
                   "updated_at = ? WHERE id = ?" % table,
                   (operating_status(db, table, row_id), now, row_id))
        lines.append("%s %s %s -> ACTIVE" % (table, row_id, status))
    if fail:
        db.execute("UPDATE load_balancer SET provisioning_status = 'ERROR', updated_at = ? "
                   "WHERE id = ?", (now, lb_id))
    else:
        # A health monitor appearing or going changes what its members report.
        for (member_id,) in db.execute(
                "SELECT m.id FROM member m JOIN pool p ON m.pool_id = p.id "
                "WHERE p.load_balancer_id = ? AND m.provisioning_status = 'ACTIVE'",
                (lb_id,)).fetchall():
            db.execute("UPDATE member SET operating_status = ? WHERE id = ?",
                       (operating_status(db, "member", member_id), member_id))
    return lines


def break_lb(db, lb_id, rows):
    now = utcnow()
    for table, row_id, status in rows:
        db.execute("UPDATE %s SET provisioning_status = 'ERROR', updated_at = ? WHERE id = ?"
                   % table, (now, row_id))
    db.execute("UPDATE load_balancer SET provisioning_status = 'ERROR', "
               "operating_status = 'ERROR', updated_at = ? WHERE id = ? "
               "AND provisioning_status != 'DELETED'", (now, lb_id))


def run(root):
    control = os.path.join(root, "control")
    os.makedirs(os.path.join(control, "lb"), exist_ok=True)
    db = sqlite3.connect(os.path.join(root, "octavia.db"), timeout=30, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    first_seen = {}  # lb_id -> monotonic time its current operation was first seen
    log("controller watching %s" % os.path.join(root, "octavia.db"))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        try:
            step(db, control, first_seen)
        except sqlite3.OperationalError as e:  # locked for longer than the timeout
            log("sqlite: %s (retrying)" % e)
        time.sleep(POLL_SECONDS)
    log("controller stopped")


def step(db, control, first_seen):
    delay = read_delay(control)
    faults = read_faults(control)
    now = time.monotonic()
    for lb_id, mode in faults.items():
        if mode != "error":
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            break_lb(db, lb_id, pending_by_lb(db).get(lb_id, []))
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise
        clear_fault(control, lb_id)
        first_seen.pop(lb_id, None)
        log("lb %s: forced into ERROR" % lb_id)
    trees = pending_by_lb(db)
    for lb_id in list(first_seen):
        if lb_id not in trees:
            del first_seen[lb_id]
    for lb_id, rows in trees.items():
        seen = first_seen.setdefault(lb_id, now)
        mode = faults.get(lb_id)
        if mode == "hold" or now - seen < delay:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again inside the write lock: the API may have moved on meanwhile.
            rows = pending_by_lb(db).get(lb_id, [])
            lines = finish(db, lb_id, rows, mode == "error-next") if rows else []
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise
        first_seen.pop(lb_id, None)
        if mode == "error-next" and rows:
            clear_fault(control, lb_id)
        for line in lines:
            log("lb %s: %s" % (lb_id, line))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: controller.py DIR")
    run(sys.argv[1])
