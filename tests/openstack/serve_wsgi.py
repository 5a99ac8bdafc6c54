# Serves Octavia's or Keystone's real WSGI application on 127.0.0.1 with a threaded wsgiref
# server, so neither apache nor uwsgi is needed. Binds port 0 unless told, writes the port.
#
# Usage: /usr/bin/python3 -I serve_wsgi.py octavia|keystone CONFIG_FILE PORT_FILE [PORT]
import os
import socketserver
import sys
import wsgiref.simple_server

# Only Debian's packages: nothing installed under /usr/local may shadow them.
sys.path = [p for p in sys.path if not p.startswith("/usr/local/")]

HOST = "127.0.0.1"


class Server(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    """A thread per request; never resolves names (no getfqdn), binds only loopback."""

    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = self.server_address[1]
        self.setup_environ()


class Handler(wsgiref.simple_server.WSGIRequestHandler):
    """Access log lines on stderr (the harness sends stderr to DIR/<app>.log)."""

    def address_string(self):
        return self.client_address[0]


def begin_immediate(engine):
    """SQLite transactions take the write lock at BEGIN, so they queue instead of failing.

    With MySQL, Octavia's "SELECT ... FOR UPDATE then UPDATE" locks rows. SQLite ignores
    FOR UPDATE; a deferred transaction that has read and then writes after another
    connection (a concurrent request, or the played controller) committed fails at once
    with "database is locked" (SQLITE_BUSY_SNAPSHOT), and the API answers 500. BEGIN
    IMMEDIATE makes it wait (busy timeout) for the other writer instead. It replaces
    oslo.db's own "begin" listener (oslo_db/sqlalchemy/engines.py, which emits "BEGIN").
    """
    import sqlalchemy

    oslo = [fn for fn in engine.dispatch.begin if fn.__name__ == "_sqlite_emit_begin"]
    if len(oslo) != 1:
        raise SystemExit("oslo.db's SQLite begin listener not found: cannot serialize writes")
    sqlalchemy.event.remove(engine, "begin", oslo[0])

    def _begin(conn):
        if "in_transaction" not in conn.info:
            conn.execute(sqlalchemy.text("BEGIN IMMEDIATE"))
            conn.info["in_transaction"] = True

    sqlalchemy.event.listen(engine, "begin", _begin)


def make_app(kind, config_file):
    if kind == "octavia":
        from octavia.api import app
        from octavia.db import api as db_api

        application = app.setup_app(argv=["octavia-api", "--config-file", config_file])
        begin_immediate(db_api.get_engine())
        return application
    if kind == "keystone":
        from keystone.server.flask import core

        # keystone.server.configure() parses sys.argv: leave it nothing to misread.
        sys.argv = sys.argv[:1]
        return core.initialize_application(name="public", config_files=[config_file])
    raise SystemExit("unknown application %r (octavia, keystone)" % kind)


def main(argv):
    if len(argv) not in (4, 5):
        raise SystemExit("usage: serve_wsgi.py octavia|keystone CONFIG PORT_FILE [PORT]")
    kind, config_file, port_file = argv[1], argv[2], argv[3]
    port = int(argv[4]) if len(argv) == 5 else 0
    app = make_app(kind, config_file)
    Server.request_queue_size = 64
    server = Server((HOST, port), Handler)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_port)
    os.replace(tmp, port_file)
    print("%s serving on http://%s:%d" % (kind, HOST, server.server_port), file=sys.stderr,
          flush=True)
    server.set_app(app)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
