"""A cohort's rows written in a fixed number of statements, however many people.

:func:`insert_rows` is the one writer the bulk grade paths
(:mod:`assessments.decisions`) use for decisions and their audit log entries.
On PostgreSQL the primary keys are reserved from the table's sequence in one
statement and the rows go in with ``COPY`` (psycopg 3 ``cursor.copy``): one
round trip, no SQL text to build or to parse per row, JSON encoded once per
value (once per call for a value every row shares). Elsewhere (SQLite in
tests and development) it is ``bulk_create`` in batches of 1,000. Either way
it runs inside the caller's transaction: a failure leaves nothing written.
"""
import enum
import json
import time

from django.db import connections, router
from django.db.models import JSONField

BATCH = 1000


def insert_rows(model, attnames, rows, *, same=None, using=None):
    """Insert ``rows`` (sequences of values in the order of ``attnames``,
    fields' attribute names such as ``person_id``; the primary key is not
    among them) into ``model``'s table; their new primary keys, in order.

    ``same`` maps attribute names to a value shared by every row (a rules
    snapshot): it is sent once per row but encoded once. Fields left out
    take their model default; ``auto_now`` fields are not filled in here."""
    rows = list(rows)
    same = dict(same or {})
    if not rows:
        return []
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    fields = [meta.get_field(_field_name(meta, name)) for name in [*attnames, *same]]
    if connection.vendor == "sqlite":
        return _insert_from_json(connection, model, fields, rows, same)
    if connection.vendor != "postgresql":
        return _bulk_create(model, [f.attname for f in fields], rows, same, using)
    defaults = [f for f in meta.concrete_fields if not f.primary_key and f not in fields]
    default_values = [_prepared(f, f.get_default()) for f in defaults]
    shared = [_prepared(f, value) for f, value in zip(fields[len(attnames):], same.values(), strict=True)]
    json_at = [i for i, f in enumerate(fields[:len(attnames)]) if isinstance(f, JSONField)]
    encoders = {i: fields[i].encoder for i in json_at}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [meta.pk.column, *(f.column for f in fields), *(f.column for f in defaults)])
    copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(rows)])
        ids = sorted(row[0] for row in cursor.fetchall())
        started = time.monotonic()
        with cursor.cursor.copy(copy_sql) as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = [_plain(v) for v in row]
                for i in json_at:
                    values[i] = json.dumps(values[i], cls=encoders[i])
                copy.write_row([pk, *values, *shared, *default_values])
        if connection.queries_logged:
            # COPY bypasses Django's cursor wrapper: count it like any statement.
            connection.queries_log.append({"sql": f"{copy_sql} -- {len(rows)} rows",
                                           "time": f"{time.monotonic() - started:.3f}"})
    return ids


def _field_name(meta, attname):
    for field in meta.concrete_fields:
        if field.attname == attname:
            return field.name
    return attname


def _plain(value):
    """What COPY writes: enum members (TextChoices) as their value."""
    return value.value if isinstance(value, enum.Enum) else value


def _prepared(field, value):
    if isinstance(field, JSONField):
        return json.dumps(value, cls=field.encoder)
    return _plain(value)


def _insert_from_json(connection, model, fields, rows, same):
    """SQLite: every row in one JSON parameter, inserted by one ``INSERT …
    SELECT … FROM json_each(%s) … RETURNING`` (SQLite allows 999 parameters
    a statement, so ``bulk_create`` would need a statement per 40 decisions).
    Values are prepared as Django prepares them for SQLite; the new keys come
    back in the rows' order (the order Django's own bulk_create relies on)."""
    meta = model._meta
    defaults = [f for f in meta.concrete_fields if not f.primary_key and f not in fields]
    columns = [*fields, *defaults]
    fixed = [*same.values(), *(f.get_default() for f in defaults)]
    tail = [f.get_db_prep_save(_plain(v), connection) for f, v in zip(columns[len(fields) - len(same):], fixed,
                                                                       strict=True)]
    head = columns[:len(fields) - len(same)]
    prepared = [[*(f.get_db_prep_save(_plain(v), connection) for f, v in zip(head, row, strict=True)), *tail]
                for row in rows]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT {values} FROM json_each(%s) "
                       f"ORDER BY CAST(key AS INTEGER) RETURNING {quote(meta.pk.column)}",
                       [json.dumps(prepared, default=str)])
        return [row[0] for row in cursor.fetchall()]


def _bulk_create(model, attnames, rows, same, using):
    instances = [model(**dict(zip(attnames, [*row, *same.values()], strict=True))) for row in rows]
    model.objects.using(using).bulk_create(instances, batch_size=BATCH)
    return [instance.pk for instance in instances]


def lock_rows(model, pks, attnames, *, using=None):
    """Lock the rows of ``model`` whose primary keys are in ``pks`` (FOR
    UPDATE where the database has it) and read ``attnames`` of each: tuples
    ``(pk, *values)`` ordered by pk, one statement. On PostgreSQL the keys go
    as one array parameter (``= ANY(%s)``), not one placeholder each."""
    pks = list(dict.fromkeys(pks))
    if not pks:
        return []
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    if connection.vendor != "postgresql":
        return list(model.objects.using(using).select_for_update().filter(pk__in=pks).order_by("pk")
                    .values_list("pk", *attnames))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(_field_name(meta, a)).column) for a in attnames)
    pk = quote(meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {columns} FROM {quote(meta.db_table)} WHERE {pk} = ANY(%s) "
                       f"ORDER BY {pk} FOR UPDATE", [pks])
        return [tuple(row) for row in cursor.fetchall()]


def update_rows(model, pks, *, using=None, **values):
    """``UPDATE`` the rows of ``model`` whose primary keys are in ``pks``
    (attribute names as keywords), one statement; the number updated."""
    pks = list(pks)
    if not pks:
        return 0
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    if connection.vendor != "postgresql":
        return model.objects.using(using).filter(pk__in=pks).update(
            **{_field_name(meta, name): value for name, value in values.items()})
    quote = connection.ops.quote_name
    fields = [meta.get_field(_field_name(meta, name)) for name in values]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    params = [_prepared(f, v) for f, v in zip(fields, values.values(), strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = ANY(%s)",
                       [*params, pks])
        return cursor.rowcount
