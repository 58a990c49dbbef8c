"""Print a normalised JSON description of a Gen3 butler repository's database schema.

Test code: backs the Gen3 schema-snapshot test (our repos vs. what the pinned daf_butler's
``butler create`` produces) and the research notes in src/gen3/README.md. Runs in the interop venv
(.venv/interop) and uses only SQLAlchemy inspection plus a few catalog queries; daf_butler itself is
not imported, so it can describe any repo (ours or daf_butler's).

Usage:
    dump_schema.py REPO [--db URL] [--rows TABLE ...] [--all-rows] [--ddl] [--stable]

REPO is a repository directory (with butler.yaml) or a butler.yaml file. The database URL is taken
from its ``registry.db`` (``<butlerRoot>`` expanded) unless --db is given; ``registry.namespace``
selects the PostgreSQL schema.

Output (keys in this order):
    dialect            "sqlite" | "postgresql"
    butler_yaml        the repo's butler.yaml as data (password in registry.db masked; with
                       --stable a non-SQLite registry.db becomes "<db>")
    tables             {name: {columns, primary_key, unique_constraints, foreign_keys, indexes,
                       check_constraints, exclusion_constraints}} sorted by table name; columns in
                       declared order, constraint lists sorted
    sequences          PostgreSQL sequences (name, data type, owning column)
    views              view names
    butler_attributes  all rows of butler_attributes as {name: value}, sorted by name
    rows               {table: [row, ...]} for --rows / --all-rows (values made JSON-friendly)
    ddl                {table: CREATE statement} from sqlite_master (SQLite only, with --ddl)
"""

from __future__ import annotations

import argparse
import base64
import datetime
import decimal
import json
import os
import re
import sys
import uuid
from typing import Any

import sqlalchemy
import yaml


def _load_butler_yaml(repo: str) -> tuple[dict[str, Any], str]:
    path = repo if repo.endswith((".yaml", ".yml")) else os.path.join(repo, "butler.yaml")
    with open(path) as f:
        config = yaml.safe_load(f) or {}
    return config, os.path.dirname(os.path.abspath(path))


def _engine_url(url: str) -> str:
    # SQLAlchemy's default driver for postgresql:// is whatever it picks (psycopg in 2.1); be explicit.
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _mask_password(url: str) -> str:
    return re.sub(r"^([a-z0-9+]+://[^:/@]+):[^@]*@", r"\1:***@", url)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    # psycopg Range (INT8RANGE) and anything else: a faithful string
    lower = getattr(value, "lower", None)
    upper = getattr(value, "upper", None)
    bounds = getattr(value, "bounds", None)
    if bounds is not None or getattr(value, "isempty", False):
        if getattr(value, "isempty", False):
            return "empty"
        return f"{bounds[0]}{'' if lower is None else lower},{'' if upper is None else upper}{bounds[1]}"
    return str(value)


def _type_string(col_type: Any, dialect: sqlalchemy.engine.Dialect) -> str:
    try:
        return col_type.compile(dialect=dialect)
    except Exception:  # types SQLAlchemy reflects but cannot compile (e.g. NullType)
        return str(col_type)


def _default_string(default: Any) -> str | None:
    if default is None:
        return None
    return str(default)


def _describe_table(
    inspector: sqlalchemy.Inspector, name: str, schema: str | None, dialect: sqlalchemy.engine.Dialect
) -> dict[str, Any]:
    columns = []
    for col in inspector.get_columns(name, schema=schema):
        entry: dict[str, Any] = {
            "name": col["name"],
            "type": _type_string(col["type"], dialect),
            "nullable": bool(col["nullable"]),
            "default": _default_string(col.get("default")),
        }
        if col.get("autoincrement") is True:
            entry["autoincrement"] = True
        if col.get("identity"):
            entry["identity"] = _jsonable(dict(col["identity"]))
        if col.get("computed"):
            entry["computed"] = _jsonable(dict(col["computed"]))
        columns.append(entry)

    pk = inspector.get_pk_constraint(name, schema=schema)
    primary_key = {"name": pk.get("name"), "columns": list(pk.get("constrained_columns") or [])}

    uniques = sorted(
        (
            {"name": u.get("name"), "columns": list(u["column_names"])}
            for u in inspector.get_unique_constraints(name, schema=schema)
        ),
        key=lambda u: (u["columns"], u["name"] or ""),
    )

    fks = []
    for fk in inspector.get_foreign_keys(name, schema=schema):
        options = fk.get("options") or {}
        fks.append(
            {
                "name": fk.get("name"),
                "columns": list(fk["constrained_columns"]),
                "referred_table": fk["referred_table"],
                "referred_columns": list(fk["referred_columns"]),
                "ondelete": (options.get("ondelete") or "NO ACTION").upper(),
                "onupdate": (options.get("onupdate") or "NO ACTION").upper(),
            }
        )
    fks.sort(key=lambda f: (f["columns"], f["referred_table"], f["name"] or ""))

    indexes = []
    for ix in inspector.get_indexes(name, schema=schema):
        if ix.get("duplicates_constraint"):
            continue  # the index behind a UNIQUE constraint: already listed there
        entry = {
            "name": ix.get("name"),
            "columns": [c if c is not None else None for c in ix["column_names"]],
            "unique": bool(ix.get("unique")),
        }
        exprs = ix.get("expressions")
        if exprs and any(c is None for c in ix["column_names"]):
            entry["expressions"] = list(exprs)
        dialect_options = ix.get("dialect_options") or {}
        using = dialect_options.get("postgresql_using")
        if using and using != "btree":
            entry["using"] = using
        where = dialect_options.get("postgresql_where") or dialect_options.get("sqlite_where")
        if where is not None:
            entry["where"] = str(where)
        indexes.append(entry)
    indexes.sort(key=lambda i: ([str(c) for c in i["columns"]], i["name"] or ""))

    try:
        checks = sorted(
            (
                {"name": c.get("name"), "sqltext": " ".join(str(c["sqltext"]).split())}
                for c in inspector.get_check_constraints(name, schema=schema)
            ),
            key=lambda c: (c["name"] or "", c["sqltext"]),
        )
    except NotImplementedError:
        checks = []

    return {
        "columns": columns,
        "primary_key": primary_key,
        "unique_constraints": uniques,
        "foreign_keys": fks,
        "indexes": indexes,
        "check_constraints": checks,
        "exclusion_constraints": [],
    }


def _postgres_extras(conn: sqlalchemy.Connection, schema: str, tables: dict[str, Any]) -> list[dict[str, Any]]:
    """Exclusion constraints (SQLAlchemy does not reflect them) and sequences."""
    rows = conn.execute(
        sqlalchemy.text(
            "SELECT c.conrelid::regclass::text AS tbl, rel.relname AS relname, c.conname AS name, "
            "pg_get_constraintdef(c.oid) AS definition "
            "FROM pg_constraint c JOIN pg_class rel ON rel.oid = c.conrelid "
            "JOIN pg_namespace n ON n.oid = rel.relnamespace "
            "WHERE c.contype = 'x' AND n.nspname = :schema ORDER BY rel.relname, c.conname"
        ),
        {"schema": schema},
    )
    for row in rows:
        if row.relname in tables:
            tables[row.relname]["exclusion_constraints"].append({"name": row.name, "definition": row.definition})
    # An exclusion constraint is backed by an index of the same name: list it only once.
    for table in tables.values():
        names = {x["name"] for x in table["exclusion_constraints"]}
        table["indexes"] = [ix for ix in table["indexes"] if ix["name"] not in names]

    sequences = []
    for row in conn.execute(
        sqlalchemy.text(
            "SELECT s.relname AS name, seq.seqtypid::regtype::text AS data_type, "
            "t.relname AS owned_by_table, a.attname AS owned_by_column "
            "FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
            "JOIN pg_sequence seq ON seq.seqrelid = s.oid "
            "LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            "LEFT JOIN pg_class t ON t.oid = d.refobjid "
            "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
            "WHERE s.relkind = 'S' AND n.nspname = :schema ORDER BY s.relname"
        ),
        {"schema": schema},
    ):
        sequences.append(
            {
                "name": row.name,
                "data_type": row.data_type,
                "owned_by": f"{row.owned_by_table}.{row.owned_by_column}" if row.owned_by_table else None,
            }
        )
    return sequences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", help="repository directory or butler.yaml")
    parser.add_argument("--db", help="database URL (default: registry.db of butler.yaml)")
    parser.add_argument("--rows", nargs="*", default=[], metavar="TABLE", help="also dump the rows of these tables")
    parser.add_argument("--all-rows", action="store_true", help="dump the rows of every table")
    parser.add_argument("--ddl", action="store_true", help="include CREATE statements (SQLite only)")
    parser.add_argument("--stable", action="store_true", help="replace a non-SQLite registry.db by <db> in butler_yaml")
    args = parser.parse_args(argv)

    config, root = _load_butler_yaml(args.repo)
    registry = config.get("registry") or {}
    url = args.db or registry.get("db")
    if not url:
        parser.error("no registry.db in butler.yaml and no --db given")
    url = url.replace("<butlerRoot>", root)
    namespace = registry.get("namespace")

    engine = sqlalchemy.create_engine(_engine_url(url))
    dialect = engine.dialect
    inspector = sqlalchemy.inspect(engine)
    schema = namespace if dialect.name == "postgresql" else None
    if dialect.name == "postgresql" and schema is None:
        with engine.connect() as conn:
            schema = conn.execute(sqlalchemy.text("SELECT current_schema()")).scalar()

    table_names = sorted(inspector.get_table_names(schema=schema))
    tables = {name: _describe_table(inspector, name, schema, dialect) for name in table_names}

    sequences: list[dict[str, Any]] = []
    with engine.connect() as conn:
        if dialect.name == "postgresql":
            assert schema is not None
            sequences = _postgres_extras(conn, schema, tables)

        attributes: dict[str, str] = {}
        if "butler_attributes" in tables:
            table = sqlalchemy.Table("butler_attributes", sqlalchemy.MetaData(), autoload_with=conn, schema=schema)
            for row in conn.execute(sqlalchemy.select(table.c.name, table.c.value).order_by(table.c.name)):
                attributes[row.name] = row.value

        rows: dict[str, list[dict[str, Any]]] = {}
        wanted = table_names if args.all_rows else args.rows
        for name in wanted:
            if name not in tables:
                parser.error(f"no table {name!r}")
            table = sqlalchemy.Table(name, sqlalchemy.MetaData(), autoload_with=conn, schema=schema)
            pk_cols = [table.c[c] for c in tables[name]["primary_key"]["columns"]] or list(table.c)
            result = conn.execute(sqlalchemy.select(table).order_by(*pk_cols))
            rows[name] = [{k: _jsonable(v) for k, v in r._mapping.items()} for r in result]

        ddl: dict[str, str] = {}
        if args.ddl and dialect.name == "sqlite":
            for row in conn.execute(
                sqlalchemy.text("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
            ):
                ddl[row.name] = row.sql

    views = sorted(inspector.get_view_names(schema=schema))

    butler_yaml = json.loads(json.dumps(config))
    reg = butler_yaml.get("registry")
    if isinstance(reg, dict) and isinstance(reg.get("db"), str):
        if args.stable and not reg["db"].startswith("sqlite:"):
            reg["db"] = "<db>"
        else:
            reg["db"] = _mask_password(reg["db"])

    out: dict[str, Any] = {
        "dialect": dialect.name,
        "butler_yaml": butler_yaml,
        "tables": tables,
        "sequences": sequences,
        "views": views,
        "butler_attributes": attributes,
    }
    if wanted:
        out["rows"] = rows
    if args.ddl and dialect.name == "sqlite":
        out["ddl"] = ddl
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
