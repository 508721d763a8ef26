"""Records written once: audit trails (acknowledgements, signed plan-table
entries, submitted score sheets) that the product never changes or deletes.

Subclass :class:`WriteOnceModel` and set ``changed_message`` and
``deleted_message``; ``save()`` of an existing row, ``delete()`` and the
queryset's ``update()``, ``bulk_update()`` and ``delete()`` all raise
:class:`ImmutableRecordError` with them."""
from django.core.exceptions import PermissionDenied
from django.db import connections, migrations, models
from django.utils.translation import gettext_lazy as _


class ImmutableRecordError(PermissionDenied):
    """Raised on any attempt to change or delete a write-once record."""


class WriteOnceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(self.model.changed_message)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecordError(self.model.changed_message)

    def delete(self):
        raise ImmutableRecordError(self.model.deleted_message)

    delete.alters_data = True
    delete.queryset_only = True


class WriteOnceModel(models.Model):
    changed_message = _("记录一经保存不可修改。")
    deleted_message = _("记录不可删除。")

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(self.changed_message)
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        return super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(self.deleted_message)

    delete.alters_data = True


# ---- the same rule in the database -------------------------------------------
#
# ``save()`` and the queryset refuse in Python; these triggers refuse in the
# database, so ``.update()`` on another queryset, raw SQL or a second program
# cannot change a final record either. Each app's migration names its tables
# with :func:`write_once_triggers`.
#
# PostgreSQL: a BEFORE UPDATE/DELETE trigger raising integrity_constraint_violation.
# SQLite: a BEFORE UPDATE/DELETE trigger with RAISE(ABORT, ...). SQLite has no
# roles or session settings, so its triggers let a change through only while
# the function ``records_unlocked()`` (registered on each Django connection,
# see :func:`maintenance`) says so; any other program, lacking the function,
# fails closed. PostgreSQL's TRUNCATE (how Django flushes a test database)
# does not fire row triggers.

REFUSED = "write-once record"

_unlocked = False


class maintenance:
    """While open, the SQLite triggers let deletes and changes through: only
    for emptying a test database (``flush``), never in the product."""

    def __enter__(self):
        global _unlocked
        _unlocked = True

    def __exit__(self, *exc):
        global _unlocked
        _unlocked = False


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver: the triggers' escape hatch on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("records_unlocked", 0, lambda: 1 if _unlocked else 0)


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION records_refuse_change_now(operation text, tablename text) RETURNS void AS $$
BEGIN
    RAISE EXCEPTION '{REFUSED}: % on %', operation, tablename USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_sql(vendor, table, event, when=None, columns=()):
    name = f"{table}_no_{event.lower()}"
    of = f" OF {', '.join(columns)}" if columns else ""
    if vendor == "postgresql":
        # PostgreSQL allows no subquery in a trigger's WHEN: the condition is
        # tested in the trigger's own function.
        function = f"{name}_fn"
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
            f"IF {when or 'TRUE'} THEN PERFORM records_refuse_change_now(TG_OP, TG_TABLE_NAME); END IF; "
            f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} BEFORE {event}{of} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
        ], [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {function}()"]
    condition = "records_unlocked() = 0" + (f" AND ({when})" if when else "")
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} BEFORE {event}{of} ON {table} FOR EACH ROW WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: {event} on {table}'); END",
    ], [f"DROP TRIGGER IF EXISTS {name}"]


def write_once_triggers(*specs):
    """A migration operation creating the triggers ``specs`` describe, each a
    dict: ``table``; ``update``/``delete``: True (always refused), a condition
    on ``OLD`` (refused when it holds) or absent (allowed); ``columns``: the
    columns whose update is refused (default: any). Conditions are written
    once in SQL both databases read."""
    _REGISTERED.extend(spec for spec in specs if spec not in _REGISTERED)

    def statements(vendor, forwards):
        out = [_PG_FUNCTION] if vendor == "postgresql" and forwards else []
        for spec in specs:
            for event in ("UPDATE", "DELETE"):
                rule = spec.get(event.lower())
                if not rule:
                    continue
                create, drop = _trigger_sql(vendor, spec["table"], event, None if rule is True else rule,
                                            spec.get("columns", ()) if event == "UPDATE" else ())
                out += create if forwards else drop
        return out

    def run(forwards):
        def apply(apps, schema_editor):
            vendor = schema_editor.connection.vendor
            if vendor not in ("postgresql", "sqlite"):
                return
            for sql in statements(vendor, forwards):
                schema_editor.execute(sql, params=None)

        return apply

    return migrations.RunPython(run(True), run(False), elidable=False)


#: Every spec a loaded migration declared (see :func:`reassert_triggers`).
_REGISTERED = []


def reassert_triggers(sender, using="default", **kwargs):
    """``post_migrate`` receiver: SQLite drops a table's triggers when a later
    migration rebuilds the table (how it alters columns), so they are made
    again after every migrate (idempotent on both databases)."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite") or not _REGISTERED:
        return
    existing = set(connection.introspection.table_names())
    specs = [spec for spec in _REGISTERED if spec["table"] in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for spec in specs:
            for event in ("UPDATE", "DELETE"):
                rule = spec.get(event.lower())
                if rule:
                    create, _drop = _trigger_sql(connection.vendor, spec["table"], event,
                                                 None if rule is True else rule,
                                                 spec.get("columns", ()) if event == "UPDATE" else ())
                    for sql in create:
                        cursor.execute(sql)
