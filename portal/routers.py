"""Reports read from the replica, everything else from the primary.

With ``REPLICA_DATABASE_URL`` set, settings add a ``replica`` database (a
PostgreSQL hot standby streaming from the primary, see ``deploy/replica.sh``).
Reads go there only inside :func:`reading_from_replica`: the report and
export pages (``PORTAL_REPLICA_PATHS``, see
:class:`portal.middleware.ReportsFromReplicaMiddleware`) run inside it, and
code may use it around a long read of its own. Writes, migrations and every
other read stay on the primary, so nobody reads their own write from a
standby that has not caught up. Without a replica the router says nothing
and Django uses ``default``.
"""
import contextlib
import contextvars

from django.db import connections

REPLICA = "replica"
_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


def replica_configured():
    return REPLICA in connections.settings


@contextlib.contextmanager
def reading_from_replica():
    """Within this block, reads go to the replica (when one is configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    # Sessions are read and written in the same request: always the primary.
    PRIMARY_ONLY_APPS = frozenset({"sessions"})

    def db_for_read(self, model, **hints):
        if (_reading_from_replica.get() and model._meta.app_label not in self.PRIMARY_ONLY_APPS
                and replica_configured()):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects from either are the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A standby is read-only; it receives the schema from the primary.
        return db != REPLICA
