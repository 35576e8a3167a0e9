"""Cross-locality, cross-year outputs of an output folder: comparison.csv, mtcl.xlsx, mtcl.duckdb, Parquet.

All of them are built from OUT/json/*.json (every decision extracted into OUT so far) and written atomically.
They are written as a stream, one decision at a time, from each decision's *card* (`decision_card`, below: the
rows it adds to each table, its duplicate keys and comparison cells), OUT/cards/<doc_id>.card: the worker that
extracted a decision made its card, and a card that is missing or does not fit its JSON file is made again from
the JSON. So memory does not grow with the archive, and the main process does little per decision.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from normalize.cards import finished_ids, shared_files
from normalize.collate import vi_key
from normalize.duplicates import ArchiveEntry, DupKey, archive, canonical, dup_key
from normalize.vocabulary import comparator_words, indicators
from normalize.writers import (
    TABLE_COLUMNS,
    TABLES,
    AtomicFile,
    Table,
    archive_fields,
    atomic_write,
    csv_bytes,
    csv_header,
    csv_rows,
    decision_rows,
    jsonl_line,
    temp_file,
    with_archive,
    with_archive_json,
)
from normalize.xlsx import MAX_COLUMNS, Workbook
from schemas.models import Decision, Target

if TYPE_CHECKING:
    from normalize.cards import CardKey, CardStore, Stamp

_SYMBOL = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "", "between": ""}
SHEETS = ("decisions", "objectives", "targets", "tasks")  # and "comparison", last
_CHUNK_ROWS = 4096  # rows per Parquet row group (per table): bounds the memory of the final stage


def current_ids(out: Path) -> list[str]:
    """The decisions an output folder holds now, sorted: with a catalog, its finished files' (a file removed from
    the archive, or changed, since an earlier run left its old JSON in OUT/json: it is not one of them); without
    one, every JSON there."""
    folder = out / "json"
    on_disk = {name[:-5] for name in os.listdir(folder) if name.endswith(".json")} if folder.is_dir() else set()
    done = finished_ids(out)
    if done is None:
        return sorted(on_disk)
    return sorted(on_disk.intersection(done))


def load_decisions(out: Path) -> list[Decision]:
    """Every file's reading that OUT holds now (renderings of one decision included: see `load_archive`)."""
    return [Decision.model_validate_json((out / "json" / f"{i}.json").read_text(encoding="utf-8"))
            for i in current_ids(out)]


def load_archive(out: Path) -> list[Decision]:
    """The archive OUT holds: each decision once, by its group's representative, with `duplicate_group` and
    `renderings` filled in (`normalize.duplicates.archive`), in table order."""
    decisions = {d.doc_id: d for d in load_decisions(out)}
    return [decisions[e.doc_id].model_copy(update=archive_fields(e))
            for e in archive(list(decisions.values()), shared_files(out))]


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def target_cell(t: Target) -> str:
    """How a target reads in a comparison cell: '>98', '≥95', '14–15', '≤3'."""
    if t.value_max is not None:
        return f"{_number(t.value)}–{_number(t.value_max)}"
    return f"{_SYMBOL[t.comparator.value]}{_number(t.value)}"


def column_label(d: Decision) -> str:
    """A decision's column in the comparison: its locality and year; without a locality, its issuer's name."""
    place = d.issuer.locality or d.issuer.name or d.doc_id
    return f"{place} {d.year}" if d.year else place


def _cells(d: Decision) -> list[tuple[str, str]]:
    """(indicator, cell) of every coded target, in document order."""
    return [(t.indicator, target_cell(t)) for o in d.objectives for t in o.targets if t.indicator]


LONG_COLUMNS = ["indicator", "label_vi", "label_en", "indicator_unit", "column", "locality", "province", "level",
                "issuer_name", "year", "doc_id", "objective_id", "target_no", "comparator", "comparator_words",
                "value", "value_max", "unit", "per", "text"]


def _long_rows(d: Decision) -> list[list[Any]]:
    """comparison_long.csv's rows of a decision: each coded target, its value a number, beside its column of the
    wide table, its place and its indicator's labels."""
    labels = {i["code"]: i for i in indicators()}
    label, level = column_label(d), d.issuer.level.value if d.issuer.level else None
    rows = []
    for o in d.objectives:
        for k, t in enumerate(o.targets, start=1):
            if t.indicator:
                ind = labels[t.indicator]
                rows.append([t.indicator, ind["label_vi"], ind["label_en"], ind["unit"], label, d.issuer.locality,
                             d.issuer.province, level, d.issuer.name, d.year, d.doc_id, o.id, k, t.comparator.value,
                             comparator_words(t.comparator.value), t.value, t.value_max, t.unit, t.per, t.text])
    return rows


def _comparison(columns_cells: Iterable[tuple[str, list[tuple[str, str]]]]) -> Table:
    """From (column label, cells) per decision in column order: one row per indicator, one column per label."""
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for label, pairs in columns_cells:
        columns.setdefault(label)
        for indicator, cell in pairs:
            cells[(indicator, label)].append(cell)
    rows = []
    for ind in indicators():
        values = [" | ".join(cells.get((ind["code"], c), [])) or None for c in columns]
        if any(values):
            rows.append([ind["code"], ind["label_vi"], ind["label_en"], ind["unit"], *values])
    return Table(["indicator", "label_vi", "label_en", "unit", *columns], rows)


def _comparison_order(label: str, year: int | None, doc_id: str) -> tuple[Any, int, str]:
    """Columns by place (locality, or issuer) in Vietnamese alphabetical order, then by year."""
    suffix = f" {year}" if year else ""
    place = label[: -len(suffix)] if suffix and label.endswith(suffix) else label
    return (vi_key(place), year or 0, doc_id)


def comparison_table(decisions: list[Decision]) -> Table:
    """One row per indicator, one column per locality-year, the target in the cell: of the archive `decisions`
    hold (each decision once)."""
    ordered = sorted(canonical(decisions), key=lambda d: _comparison_order(column_label(d), d.year, d.doc_id))
    return _comparison((column_label(d), _cells(d)) for d in ordered)


def comparison_long(decisions: list[Decision]) -> Table:
    """comparison_long.csv of the archive `decisions` hold: in the wide table's column order."""
    ordered = sorted(canonical(decisions), key=lambda d: _comparison_order(column_label(d), d.year, d.doc_id))
    return Table(list(LONG_COLUMNS), [row for d in ordered for row in _long_rows(d)])


def coverage(decisions: list[Decision]) -> tuple[int, int, dict[str, int]]:
    coded, total = 0, 0
    per: dict[str, int] = defaultdict(int)
    for d in decisions:
        for o in d.objectives:
            for t in o.targets:
                total += 1
                if t.indicator:
                    coded += 1
                    per[t.indicator] += 1
    return coded, total, dict(per)


def coverage_report(out: Path) -> str:
    """The share of the archive's targets (each decision once) that have an indicator code."""
    decisions = load_archive(out)
    coded, total, per = coverage(decisions)
    share = coded / total if total else 0.0
    files = sum(len(d.renderings) for d in decisions)
    lines = [f"{len(decisions)} decisions (read from {files} files); "
             f"targets with an indicator code: {coded}/{total} ({share:.1%}); the rest are null"]
    lines += [f"  {code:<32}{n:>5}" for code, n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)


# --- cards ----------------------------------------------------------------------------------------------------
#
# A decision's card is what the final outputs need of it, made once where the decision is made (in the worker
# that extracted it): OUT/cards/<doc_id>.card holds three pickles one after the other, so that a reader stops
# as soon as it has what it needs:
#   1. the stamp of the JSON file it was made from: (card version, inode, size, mtime_ns);
#   2. {"key": CardKey fields, "cells": its comparison cells, "long": its rows of comparison_long.csv,
#       "jsonl": its line of decisions.jsonl and "csv": its CSV lines per table (both without its group of
#       renderings, known only when every decision is: added by `Cards.table_pieces`), "decision": its row of the
#       decisions table, typed (the CSV line made again with its group)};
#   3. {"rows": its rows per table, typed}.
# The catalog indexes the keys and stamps (mtcl/catalog.py, table card_index). A card file is written without
# fsync: it is a cache, checked against its JSON file's stamp, and made again from the JSON when it does not fit.


@cache
def card_version() -> str:
    """Cards are made by this module, writers.py, duplicates.py and the vocabulary (labels, comparator words)
    from the models of schemas/models.py (as pydantic serializes them): a change to any of these makes old cards
    stale (they are then made again from the JSON files)."""
    import pydantic

    import schemas.models

    h = hashlib.sha1(pydantic.VERSION.encode())
    here = Path(__file__).parent
    for path in (here / "compare.py", here / "writers.py", here / "duplicates.py", here / "vocabulary.py",
                 *sorted((here / "vocab").glob("*.json")), Path(schemas.models.__file__)):
        try:
            h.update(path.read_bytes())
        except OSError:  # not a file (a zipped install): the version of the schema stands for the code
            h.update(schemas.models.SCHEMA_VERSION.encode())
    return h.hexdigest()[:16]


def stamp_of(st: os.stat_result) -> Stamp:
    return (card_version(), st.st_ino, st.st_size, st.st_mtime_ns)


class Card(NamedTuple):
    key: CardKey
    head: bytes  # pickle 2 (see above)
    body: bytes  # pickle 3


def decision_card(d: Decision) -> Card:
    """The card of one decision (its stamp is added when its JSON file is written: `write_card`)."""
    from normalize.cards import CardKey

    dup = dup_key(d)
    rows = decision_rows(d)
    key = CardKey(d.doc_id, d.source.path, dup.header, dup.content, d.issuer.locality, d.year, column_label(d),
                  dup.format, dup.ocr, dup.legacy, dup.richness)
    head = {"key": tuple(key), "cells": _cells(d), "long": _long_rows(d), "jsonl": jsonl_line(d),
            "csv": [csv_rows(rows[t]) for t in TABLES], "decision": rows["decisions"][0]}
    body = {"rows": rows}
    return Card(key, pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL),
                pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))


def card_path(out: Path, doc_id: str) -> Path:
    return out / "cards" / f"{doc_id}.card"


def write_card(out: Path, card: Card, stamp: Stamp) -> None:
    """Atomically (temp file + rename), without fsync (see above)."""
    path = card_path(out, card.key.doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_file(path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pickle.dumps(stamp, protocol=pickle.HIGHEST_PROTOCOL) + card.head + card.body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_stamp(path: Path) -> Stamp | None:
    try:
        with path.open("rb") as fh:
            stamp = pickle.load(fh)
    except Exception:  # missing or broken: made again
        return None
    return tuple(stamp) if isinstance(stamp, tuple) else None  # type: ignore[return-value]


class Cards:
    """The cards of the decisions in OUT, for the final outputs: `ensure` first (it makes every card that is
    missing or does not fit its JSON file, and returns the keys), then read them one decision at a time."""

    def __init__(self, out: Path, store: CardStore) -> None:
        self.out, self.store = out, store
        self.checked: set[str] = set()  # doc_ids whose card file fits their JSON file
        self._keys: dict[str, CardKey] | None = None  # the index, read once

    def ensure(self, doc_ids: Iterable[str]) -> dict[str, CardKey]:
        from normalize.cards import CardKey

        if self._keys is None:
            self._keys = {k.doc_id: k for k in self.store.card_keys()}
        wanted = []
        for doc_id in doc_ids:
            wanted.append(doc_id)
            if doc_id in self.checked:
                continue
            json_path = self.out / "json" / f"{doc_id}.json"
            want = stamp_of(json_path.stat())
            file_stamp = _read_stamp(card_path(self.out, doc_id))
            if file_stamp == want and self.store.stamp(doc_id) != want:  # a card without (this) index entry
                with card_path(self.out, doc_id).open("rb") as fh:
                    pickle.load(fh)
                    key = CardKey(*pickle.load(fh)["key"])
                self._put(want, key)
            elif file_stamp != want:  # no card, or one made from another JSON file (or by other code)
                with json_path.open("rb") as fh:
                    want = stamp_of(os.fstat(fh.fileno()))
                    card = decision_card(Decision.model_validate_json(fh.read()))
                write_card(self.out, card, want)
                self._put(want, card.key)
            self.checked.add(doc_id)
        self.store.commit()
        return {doc_id: self._keys[doc_id] for doc_id in wanted}

    def _put(self, stamp: Stamp, key: CardKey) -> None:
        assert self._keys is not None
        self.store.put(stamp, key)
        self._keys[key.doc_id] = key

    def _parts(self, doc_id: str, body: bool) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """Its head and (with `body`) its body. A card that cannot be read (its stamp is checked by `ensure`;
        a card is written without fsync, so a power cut may leave one broken) is made again from its JSON."""
        try:
            with card_path(self.out, doc_id).open("rb") as fh:
                pickle.load(fh)
                head = pickle.load(fh)
                return head, pickle.load(fh) if body else None
        except Exception:
            json_path = self.out / "json" / f"{doc_id}.json"
            with json_path.open("rb") as fh:
                stamp = stamp_of(os.fstat(fh.fileno()))
                card = decision_card(Decision.model_validate_json(fh.read()))
            write_card(self.out, card, stamp)
            return pickle.loads(card.head), pickle.loads(card.body) if body else None

    def head(self, doc_id: str) -> dict[str, Any]:
        return self._parts(doc_id, body=False)[0]

    def table_pieces(self, entry: ArchiveEntry) -> tuple[bytes, list[bytes]]:
        """(its decisions.jsonl line, its CSV lines for each table), with its group of renderings."""
        head = self.head(entry.doc_id)
        csv = list(head["csv"])
        csv[TABLES.index("decisions")] = csv_rows([with_archive(head["decision"], entry)])
        return with_archive_json(head["jsonl"], entry), csv

    def long_rows(self, doc_id: str) -> list[list[Any]]:
        """Its rows of comparison_long.csv."""
        rows: list[list[Any]] = self.head(doc_id)["long"]
        return rows

    def cells(self, doc_id: str) -> list[tuple[str, str]]:
        """(indicator, comparison cell) of each of its coded targets."""
        cells: list[tuple[str, str]] = self.head(doc_id)["cells"]
        return cells

    def rows(self, entry: ArchiveEntry) -> dict[str, list[list[Any]]]:
        """Its rows for each table, with its group of renderings."""
        body = self._parts(entry.doc_id, body=True)[1]
        assert body is not None
        rows: dict[str, list[list[Any]]] = body["rows"]
        rows["decisions"] = [with_archive(r, entry) for r in rows["decisions"]]
        return rows


def ensure_cards(out: Path, store: CardStore, doc_ids: Iterable[str]) -> dict[str, CardKey]:
    return Cards(out, store).ensure(doc_ids)


def dup_keys(keys: Sequence[CardKey]) -> list[DupKey]:
    return [DupKey(k.doc_id, k.source_path, k.dup_header, k.dup_content, k.format, k.ocr, k.legacy, k.richness)
            for k in keys]


def archive_of(keys: Sequence[CardKey], files: Iterable[tuple[str, str]] = ()) -> list[ArchiveEntry]:
    """The archive of the decisions whose card keys these are (`normalize.duplicates.archive`)."""
    return archive(dup_keys(keys), files)


# --- writers --------------------------------------------------------------------------------------------------


_DATE_COLS = {"issued_on", "timeframe_start", "timeframe_end"}
_NULLABLE_INT_COLS = {"page", "text_start", "text_end", "table_no", "row_no", "col_no", "year", "duplicate_group"}
_INT_COLS = {"objectives", "targets", "tasks", "warnings", "target_no", "task_no", "renderings"}
_FLOAT_COLS = {"value", "value_max"}


def _arrow_schema(columns: Sequence[str]) -> Any:
    """The Arrow schema of a table, with the pandas metadata that pandas' own writer puts there (so that
    pandas reads nullable integers back as Int64 and dates as dates)."""
    import pandas as pd
    import pyarrow as pa

    fields, sample = [], {}
    for c in columns:
        if c in _DATE_COLS:
            fields.append(pa.field(c, pa.date32()))
            sample[c] = pd.Series([dt.date(2000, 1, 1)], dtype=object)
        elif c in _NULLABLE_INT_COLS:
            fields.append(pa.field(c, pa.int64()))
            sample[c] = pd.Series([1], dtype="Int64")
        elif c in _INT_COLS:
            fields.append(pa.field(c, pa.int64()))
            sample[c] = pd.Series([1], dtype="int64")
        elif c in _FLOAT_COLS:
            fields.append(pa.field(c, pa.float64()))
            sample[c] = pd.Series([1.0], dtype="float64")
        else:
            fields.append(pa.field(c, pa.large_string()))
            sample[c] = pd.Series(["x"])
    schema = pa.schema(fields)
    return pa.Table.from_pandas(pd.DataFrame(sample), schema=schema, preserve_index=False).schema


class _ParquetTable:
    """A Parquet file written in row groups of at most `_CHUNK_ROWS` rows, to a temp name until `commit`."""

    def __init__(self, target: Path, columns: Sequence[str]) -> None:
        import pyarrow.parquet as pq

        self.target, self.columns = target, list(columns)
        self.schema = _arrow_schema(columns)
        fd, self.tmp = temp_file(target.parent, suffix=".parquet.tmp")
        os.close(fd)
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="snappy")
        self.chunk: list[Sequence[Any]] = []
        self.rows = 0

    def add(self, row: Sequence[Any]) -> None:
        self.chunk.append(row)
        if len(self.chunk) >= _CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self.chunk and self.rows:
            return
        columns = list(zip(*self.chunk, strict=True)) if self.chunk else [()] * len(self.columns)
        arrays = [pa.array(col, type=f.type) for col, f in zip(columns, self.schema, strict=True)]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.rows += len(self.chunk)
        self.chunk = []

    def close(self) -> None:
        if self.chunk or not self.rows:
            self._flush()
        self.writer.close()

    def commit(self) -> None:
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()
        Path(self.tmp).unlink(missing_ok=True)


def _duckdb(path: Path, parquet: dict[str, str]) -> None:
    """mtcl.duckdb: every table loaded from its (just written) Parquet file, and the two views."""
    import duckdb

    fd, tmp = tempfile.mkstemp(suffix=".duckdb.tmp", dir=path.parent)
    os.close(fd)
    Path(tmp).unlink()  # duckdb creates the file itself
    try:
        con = duckdb.connect(tmp)
        con.execute("SET memory_limit = '512MB'")
        con.execute("SET preserve_insertion_order = true")
        for name, file in parquet.items():
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [file])
        con.execute(
            """
            CREATE VIEW targets_by_indicator AS
            SELECT t.indicator, i.label_vi, i.label_en, t.locality, d.province, t.level, d.issuer_name, t.year,
                   t.comparator, t.comparator_words, t.value, t.value_max, t.unit, t.per, t.doc_id, t.objective_id,
                   t.target_no
            FROM targets t JOIN decisions d ON d.doc_id = t.doc_id LEFT JOIN indicators i ON i.code = t.indicator
            WHERE t.indicator IS NOT NULL
            ORDER BY t.indicator, t.locality, t.year, t.doc_id, t.objective_id, t.target_no
            """
        )
        # per issuer (its locality, province and level with it: two places or two bodies of one place never stand
        # in for each other) and indicator, the targets of its latest decision: all of them (rank, not
        # row_number: a decision that sets two targets for one indicator keeps both)
        con.execute(
            """
            CREATE VIEW latest_target AS
            SELECT * EXCLUDE (rk) FROM (
                SELECT t.*, d.province, d.issuer_name, d.issued_on, rank() OVER (
                    PARTITION BY d.issuer_name, t.locality, d.province, t.level, t.indicator
                    ORDER BY t.year DESC NULLS LAST, d.issued_on DESC NULLS LAST, t.doc_id
                ) AS rk
                FROM targets t JOIN decisions d ON d.doc_id = t.doc_id WHERE t.indicator IS NOT NULL
            ) WHERE rk = 1
            ORDER BY indicator, locality, issuer_name, doc_id, objective_id, target_no
            """
        )
        con.close()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
        Path(tmp + ".wal").unlink(missing_ok=True)


def _write_xlsx(path: Path, cards: Cards, order: Sequence[ArchiveEntry], comparison: Table) -> None:
    """mtcl.xlsx: the sheets decisions, objectives, targets, tasks (rows in `order`, one decision at a time; each
    sheet streams to a file of its own) and comparison (split into "comparison 2", … past a worksheet's column
    limit, each part with the indicator columns)."""
    fd, tmp = temp_file(path.parent, suffix=".xlsx.tmp")
    os.close(fd)
    try:
        wb = Workbook(tmp)
        sheets = [wb.add_sheet(name, TABLE_COLUMNS[name]) for name in SHEETS]
        for entry in order:
            rows = cards.rows(entry)
            for sheet, name in zip(sheets, SHEETS, strict=True):
                for row in rows[name]:
                    sheet.append(row)
        for sheet in sheets:
            sheet.close()
        labels, per = 4, MAX_COLUMNS - 4  # indicator, label_vi, label_en, unit; then one column per decision
        decision_cols = len(comparison.columns) - labels
        for part, at in enumerate(range(0, max(decision_cols, 1), per), start=1):
            cols = list(range(labels)) + list(range(labels + at, labels + min(at + per, decision_cols)))
            last = wb.add_sheet("comparison" if part == 1 else f"comparison {part}",
                                [comparison.columns[c] for c in cols])
            for row in comparison.rows:
                last.append([row[c] for c in cols])
            last.close()
        wb.save()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _xlsx_process(path: str, out: str, db: str, order: list[ArchiveEntry], comparison: Table, conn: Any) -> None:
    """The XLSX writer in a process of its own (the other outputs are written meanwhile)."""
    from normalize.cards import CardStore

    try:
        store = CardStore.open(db)
        _write_xlsx(Path(path), Cards(Path(out), store), order, comparison)
        store.db.close()
        conn.send(None)
    except BaseException as exc:  # reported by the parent
        conn.send(f"{type(exc).__name__}: {exc}")


class ComparisonWriter:
    """comparison.csv, mtcl.xlsx, mtcl.duckdb and parquet/*.parquet from every decision in OUT/json, a decision
    found in two files counted once. Created first (it checks the cards and, with `parallel`, starts writing the
    XLSX in a process of its own), then `finish()` writes the rest here and waits for the XLSX: the caller may
    write other outputs between the two."""

    def __init__(self, out: Path, cards: Cards, parallel: bool = False,
                 entries: Sequence[ArchiveEntry] | None = None) -> None:
        """`entries`: the archive to write (default: that of the decisions OUT holds now, `current_ids`)."""
        self.out, self.cards = out, cards
        if entries is None:
            ids = current_ids(out)
            keys = cards.ensure(ids)
            entries = archive_of([keys[i] for i in ids], shared_files(out))
        keys = cards.ensure(e.doc_id for e in entries)
        by_column = sorted(keys.values(), key=lambda k: _comparison_order(k.label, k.year, k.doc_id))
        self.by_column = [k.doc_id for k in by_column]
        self.comparison = _comparison((k.label, cards.cells(k.doc_id)) for k in by_column)
        self.order = list(entries)
        self.xlsx = out / "mtcl.xlsx"
        self.child: Any = None
        if parallel:
            import multiprocessing as mp

            # fork is cheap, but only safe from a process without threads (the CLI's is one; a process that has
            # used DuckDB or Arrow before has their thread pools): otherwise a fresh interpreter
            ctx = mp.get_context("fork" if _single_threaded() else "spawn")
            self.conn, child_conn = ctx.Pipe(duplex=False)
            self.child = ctx.Process(target=_xlsx_process, daemon=True, args=(
                str(self.xlsx), str(out), cards.store.path, self.order, self.comparison, child_conn))
            self.child.start()
            child_conn.close()

    def finish(self) -> list[Path]:
        try:
            written = [self.out / "comparison.csv", self.out / "comparison_long.csv", self.xlsx,
                       self.out / "mtcl.duckdb"]
            atomic_write(written[0], csv_bytes(self.comparison.columns, self.comparison.rows))
            with AtomicFile(written[1]) as fh:
                fh.write(csv_header(LONG_COLUMNS))
                for doc_id in self.by_column:
                    fh.write(csv_rows(self.cards.long_rows(doc_id)))
            if self.child is None:
                _write_xlsx(self.xlsx, self.cards, self.order, self.comparison)
            written += self._tables(written[3])
            if self.child is not None:
                error = self.conn.recv() if self.conn.poll(None) else "the XLSX writer ended without a word"
                self.child.join()
                self.child = None
                if error:
                    raise RuntimeError(f"mtcl.xlsx not written: {error}")
            return written
        finally:
            self.close()

    def close(self) -> None:
        if self.child is not None:
            self.child.kill()
            self.child.join()
            self.child = None

    def _tables(self, duckdb_path: Path) -> list[Path]:
        """parquet/<table>.parquet for every table (one decision at a time), then mtcl.duckdb from them."""
        parquet_dir = self.out / "parquet"
        parquet_dir.mkdir(exist_ok=True)
        parquets: dict[str, _ParquetTable] = {}
        try:
            for name in TABLES:
                parquets[name] = _ParquetTable(parquet_dir / f"{name}.parquet", TABLE_COLUMNS[name])
            for entry in self.order:
                for name, rows in self.cards.rows(entry).items():
                    table = parquets[name]
                    for row in rows:
                        table.add(row)
            ind = parquets["indicators"] = _ParquetTable(parquet_dir / "indicators.parquet",
                                                         ["code", "label_vi", "label_en", "unit"])
            for i in indicators():
                ind.add([i["code"], i["label_vi"], i["label_en"], i["unit"]])
            for t in parquets.values():
                t.close()
            _duckdb(duckdb_path, {name: t.tmp for name, t in parquets.items()})
            for t in parquets.values():
                t.commit()
            return [t.target for t in parquets.values()]
        finally:
            for t in parquets.values():
                t.discard()


def write_comparisons(out: Path, store: CardStore | None = None, parallel: bool | None = None) -> list[Path]:
    """comparison.csv, mtcl.xlsx, mtcl.duckdb and parquet/*.parquet (see `ComparisonWriter`); the card index is
    the catalog's, or a temporary one when OUT has no catalog. `parallel` (default: when this machine has more
    than one core) writes the XLSX in a second process meanwhile."""
    from normalize.cards import CardStore

    if parallel is None:
        parallel = (os.cpu_count() or 1) > 1
    opened = None
    if store is None:
        if (out / "catalog.sqlite").exists():
            store = opened = CardStore.open(str(out / "catalog.sqlite"))  # the catalog's card index
        else:
            store = CardStore.temporary()
    try:
        return ComparisonWriter(out, Cards(out, store), parallel).finish()
    finally:
        if opened is not None:
            opened.commit()
            opened.db.close()
        else:
            store.close()
