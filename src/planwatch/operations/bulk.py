"""Fast bulk inserts for generated data (seed_scale, restore): rows as dicts, ids given by us.

Rows get their primary keys here, before they are written, so a generator can point foreign
keys at rows it has not inserted yet (a plan at its current revision, a report at its expected
report) without a round trip per row. That is only safe while nobody else inserts into the same
tables: the callers are commands for an empty or a benchmark database. `finish()` moves the
database's id sequences past the ids used.

On PostgreSQL rows go through COPY (an order of magnitude faster than INSERT); elsewhere
through batched INSERTs. Neither sends signals nor touches the values (auto_now fields keep
what they are given). Foreign keys are checked at commit
(Django creates them DEFERRABLE INITIALLY DEFERRED), so tables may be flushed in any order
inside one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

FLUSH_AT = 20_000


class Table:
    """A buffer of rows for one model, flushed to the database in batches."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.pk = model._meta.pk.attname
        # Model defaults; a field without one gets "" or NULL, as Django would insert.
        self.defaults = {f.attname: f.get_default() for f in self.fields if not f.primary_key}
        self.json_columns = {
            i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)
        }
        self._next_id: int | None = None  # read from the table on the first reserve()
        self.rows: list[tuple] = []
        self.written = 0

    def reserve(self) -> int:
        """An id for a row to be added later (with `add(id=...)`)."""
        if self._next_id is None:
            self._next_id = (self.model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self._next_id += 1
        return self._next_id - 1

    def add(self, **values) -> int:
        """Buffer one row (missing fields take their model default); returns its id.

        Fields filled on save (auto_now, auto_now_add) must be given: nothing runs save()."""
        if self.pk not in values:
            values[self.pk] = self.reserve()
        row = {**self.defaults, **values}
        try:
            self.rows.append(tuple(row[name] for name in self.attnames))
        except KeyError as exc:
            raise ValueError(f"{self.model.__name__}: no value for {exc.args[0]}") from None
        if len(self.rows) >= FLUSH_AT:
            self.flush()
        return values[self.pk]

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self._insert()
        self.written += len(self.rows)
        self.rows = []

    def _copy(self) -> None:
        table = connection.ops.quote_name(self.model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        sql = f"COPY {table} ({cols}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(self._pg_row(row))

    def _insert(self) -> None:
        """Plain INSERTs: not bulk_create, whose pre_save would overwrite auto_now fields."""
        q = connection.ops.quote_name
        cols = ", ".join(q(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {q(self.model._meta.db_table)} ({cols}) VALUES ({marks})"
        prepared = [
            tuple(f.get_db_prep_save(v, connection) for f, v in zip(self.fields, row, strict=True))
            for row in self.rows
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), 500):
                cursor.executemany(sql, prepared[start : start + 500])

    def _pg_row(self, row: tuple) -> tuple:
        if not self.json_columns:
            return row
        return tuple(
            json.dumps(v, ensure_ascii=False) if i in self.json_columns else v
            for i, v in enumerate(row)
        )


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move id sequences past the ids we chose (PostgreSQL; SQLite follows on its own)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def without_fk_triggers(local: bool = False) -> bool:
    """PostgreSQL: skip foreign-key triggers for this session (bulk loading of rows whose
    references the generator guarantees), or with `local` only until the current transaction
    ends (a restore, which checks every reference itself before commit). Needs a superuser;
    returns False where not allowed."""
    if connection.vendor != "postgresql":
        return False
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            scope = "LOCAL " if local else ""
            cursor.execute(f"SET {scope}session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def with_fk_triggers() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def analyze(model_list: Iterable[type[models.Model]]) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL; autovacuum would come later)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in model_list:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def orphans(model_list: Iterable[type[models.Model]]) -> dict[str, int]:
    """{"table.column": rows pointing at nothing} for every foreign key of the models: the
    check the skipped triggers would have made, as one anti-join per key."""
    found = {}
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in model_list:
            for f in model._meta.concrete_fields:
                if not f.is_relation or not f.db_constraint:
                    continue
                target = f.related_model._meta
                cursor.execute(
                    f"SELECT COUNT(*) FROM {q(model._meta.db_table)} t "
                    f"LEFT JOIN {q(target.db_table)} r ON t.{q(f.column)} = r.{q(target.pk.column)} "
                    f"WHERE t.{q(f.column)} IS NOT NULL AND r.{q(target.pk.column)} IS NULL"
                )
                count = cursor.fetchone()[0]
                if count:
                    found[f"{model._meta.db_table}.{f.column}"] = count
    return found


class Writer:
    """Tables for several models; `flush()` writes them all, `finish()` also fixes sequences."""

    def __init__(self, model_list: Iterable[type[models.Model]]) -> None:
        self.tables = {model: Table(model) for model in model_list}

    def __getitem__(self, model: type[models.Model]) -> Table:
        return self.tables[model]

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def finish(self) -> None:
        self.flush()
        reset_sequences(self.tables)

    def counts(self) -> dict[str, int]:
        return {m._meta.label: t.written for m, t in self.tables.items()}
