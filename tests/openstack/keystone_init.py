# Prepares the harness's Keystone database and keys: the keystone-manage commands db_sync,
# fernet_setup, credential_setup and bootstrap, run by keystone-manage's own code in one
# process (four separate keystone-manage runs cost four imports of Keystone, ~6 s of CPU).
#
# Usage: /usr/bin/python3 -I keystone_init.py CONFIG_FILE DB_PATH < admin-password
# bootstrap makes the admin user, project and roles (admin, member, reader) and region
# RegionOne; the identity endpoints are added through the API once the port is known.
import sqlite3
import sys

# Only Debian's packages: nothing installed under /usr/local may shadow them.
sys.path = [p for p in sys.path if not p.startswith("/usr/local/")]

from keystone.cmd import cli  # noqa: E402


def manage(config_file, *args):
    cli.main(argv=["keystone-manage", "--config-file", config_file, *args])
    # Let the next command register and parse its own options.
    cli.CONF.reset()
    cli.CONF.unregister_opt(cli.command_opt)


def main(config_file, db_path, admin_password):
    owner = ["--keystone-user", "root", "--keystone-group", "root"]
    manage(config_file, "db_sync")
    # WAL: a request's open read transaction must not block another session's commit
    # (with the default rollback journal Keystone fails with "database is locked").
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    manage(config_file, "fernet_setup", *owner)
    manage(config_file, "credential_setup", *owner)
    manage(config_file, "bootstrap", "--bootstrap-password", admin_password,
           "--bootstrap-username", "admin", "--bootstrap-project-name", "admin",
           "--bootstrap-role-name", "admin", "--bootstrap-region-id", "RegionOne")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: keystone_init.py CONFIG_FILE DB_PATH < admin-password")
    main(sys.argv[1], sys.argv[2], sys.stdin.readline().strip())
