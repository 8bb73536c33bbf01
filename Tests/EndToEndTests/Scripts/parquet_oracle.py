"""Parquet files quantum wrote, read back by pyarrow and DuckDB (and polars when installed),
against the CSV export of the same results: the same rows, cell for cell, with typed columns
(rows of candles, or a wide export's date × ticker matrix).

Usage: python3 parquet_oracle.py A.parquet A.csv [B.parquet B.csv …]   (exit 0 when all hold)."""
import csv
import datetime
import math
import sys

import duckdb
import pyarrow.parquet as pq

TYPES = {"ticker": "string", "date": "date32[day]", "open": "double", "high": "double", "low": "double",
         "close": "double", "volume": "int64", "source": "string", "basis": "string", "factor": "double"}


def same(value, text, kind):
    if text == "":
        return value is None
    if kind == "double":
        return value == float(text) and math.copysign(1, value) == math.copysign(1, float(text))
    if kind == "int64":
        return isinstance(value, int) and float(text) == value
    if kind == "date32[day]":
        return value == datetime.date.fromisoformat(text)
    return value == text


def check(parquet_path, csv_path):
    table = pq.read_table(parquet_path)
    types = {field.name: str(field.type) for field in table.schema}
    with open(csv_path, newline="") as file:
        rows = list(csv.DictReader(file))
    # A wide export (`--wide close`): a date column, then one float64 column per ticker.
    expected_types = TYPES if "ticker" in rows[0] else {
        name: "date32[day]" if name == "date" else "double" for name in rows[0]}
    if types != expected_types:
        raise SystemExit(f"{parquet_path}: columns {types}")
    columns = table.to_pydict()
    if table.num_rows != len(rows) or not rows:
        raise SystemExit(f"{parquet_path}: {table.num_rows} rows, {csv_path} {len(rows)}")
    for i, row in enumerate(rows):
        for name, text in row.items():
            if not same(columns[name][i], text, expected_types[name]):
                raise SystemExit(f"{parquet_path} row {i} {name}: {columns[name][i]!r}, the CSV has {text!r}")
    names = table.column_names
    expected = [tuple(columns[name][i] for name in names) for i in range(table.num_rows)]
    if duckdb.sql(f"SELECT * FROM read_parquet('{parquet_path}')").fetchall() != expected:
        raise SystemExit(f"{parquet_path}: DuckDB reads other values")
    try:
        import polars
    except ImportError:
        polars = None
    if polars is not None and polars.read_parquet(parquet_path).rows() != expected:
        raise SystemExit(f"{parquet_path}: polars reads other values")
    print(f"{parquet_path}: {table.num_rows} rows, {table.num_columns} columns, "
          f"{pq.ParquetFile(parquet_path).num_row_groups} row group(s) — same as {csv_path}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    for parquet_path, csv_path in zip(arguments[0::2], arguments[1::2]):
        check(parquet_path, csv_path)
