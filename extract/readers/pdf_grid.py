"""Tables from a page's ruling lines: pdfplumber's TableFinder (its "lines" strategy at its default settings) on
plain tuples, the same tables, cells and rows.

pdfplumber snaps nearby parallel edges together, joins collinear ones, keeps those at least 3 pt long, finds where
vertical and horizontal edges cross, the smallest cell from each crossing and the tables as groups of cells that
share corners. It does so on dictionaries it copies at every step, and tests every vertical edge against every
horizontal one; on a page of plan tables that was a sixth of a digital PDF's time. The steps here are pdfplumber's
(`snap_objects`, `join_edge_group`, `edges_to_intersections`, `intersections_to_cells`, `cells_to_tables`,
`Table.rows`) in the same order and the same arithmetic, so that every coordinate is the same float:
tests/test_pdf_reader.py compares the two on every page of the corpus and the real documents.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable
from typing import Any

SNAP = JOIN = INTERSECT = 3.0  # pdfplumber's snap_tolerance, join_tolerance, intersection_tolerance
MIN_LENGTH = 3.0  # its edge_min_length (and edge_min_length_prefilter, 1, before snapping)
PREFILTER = 1.0

# an edge: [x0, x1, top, bottom, length] (length: its width if horizontal, height if vertical, as pdfplumber keeps
# them: a resized edge's length is worked out as pdfplumber does, not from its ends)
_Edge = list[float]
_Point = tuple[float, float]
_Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Row = tuple[_Box, list[_Box | None]]  # a row's box and its cells (None where a cell of another row spans it)


def grid_tables(edges: Iterable[dict[str, Any]]) -> list[tuple[_Box, list[Row]]]:
    """The tables pdfplumber's TableFinder finds from these edges (pdfplumber's edge dictionaries): each its box
    and rows, top to bottom, then left to right."""
    edges = list(edges)
    if not all(math.isfinite(e[k]) for e in edges for k in ("x0", "x1", "top", "bottom", "width", "height")):
        return _pdfplumbers(edges)  # a broken drawing: pdfplumber's own steps, whatever they make of it
    vertical: list[_Edge] = []
    horizontal: list[_Edge] = []
    for e in edges:
        if e["orientation"] == "v":
            if e["height"] >= PREFILTER:
                vertical.append([e["x0"], e["x1"], e["top"], e["bottom"], e["height"]])
        elif e["orientation"] == "h" and e["width"] >= PREFILTER:
            horizontal.append([e["x0"], e["x1"], e["top"], e["bottom"], e["width"]])
    if not vertical or not horizontal:
        return []
    horizontal = [e for e in _join(_snap(horizontal, 2), 2, 0) if e[4] >= MIN_LENGTH]
    vertical = [e for e in _join(_snap(vertical, 0), 0, 2) if e[4] >= MIN_LENGTH]
    intersections = _intersections(vertical, horizontal)
    tables = _tables(_cells(intersections))
    return [(_bbox(cells), _rows(cells)) for cells in tables]


def _snap(edges: list[_Edge], at: int) -> list[_Edge]:
    """pdfplumber's snap_objects: edges whose position (x0 of a vertical edge, `at` 0; top of a horizontal one,
    2) lies within SNAP of the next one's (chained, in sorted order) move to their mean, in cluster order."""
    cluster: dict[float, int] = {}
    last: float | None = None
    k = 0
    for value in sorted({e[at] for e in edges}):
        if last is not None and not value <= last + SNAP:  # pdfplumber's test, as it writes it
            k += 1
        cluster[value] = k
        last = value
    out: list[_Edge] = []
    for _, group in itertools.groupby(sorted(edges, key=lambda e: cluster[e[at]]), key=lambda e: cluster[e[at]]):
        members = list(group)
        mean = sum(e[at] for e in members) / len(members)
        for e in members:
            shift = mean - e[at]
            out.append([e[0] + shift, e[1] + shift, e[2], e[3], e[4]] if at == 0 else
                       [e[0], e[1], e[2] + shift, e[3] + shift, e[4]])
    return out


def _join(edges: list[_Edge], at: int, along: int) -> list[_Edge]:
    """pdfplumber's merge_edges after snapping: edges on one line (the same `at` value), in order of their start
    (`along`: x0 or top), each joined to the one before where it starts within JOIN of its end."""
    out: list[_Edge] = []
    for _, group in itertools.groupby(sorted(edges, key=lambda e: e[at]), key=lambda e: e[at]):
        ordered = sorted(group, key=lambda e: e[along])
        joined = [ordered[0]]
        for e in ordered[1:]:
            last = joined[-1]
            if e[along] <= last[along + 1] + JOIN:
                if e[along + 1] > last[along + 1]:
                    extended = list(last)
                    if along == 0:  # resize_object(…, "x1", …): the width from the new end
                        extended[1], extended[4] = e[1], e[1] - last[0]
                    else:  # resize_object(…, "bottom", …): the height grown by the change
                        extended[3], extended[4] = e[3], last[4] + (e[3] - last[3])
                    joined[-1] = extended
            else:
                joined.append(e)
        out.extend(joined)
    return out


def _intersections(vertical: list[_Edge], horizontal: list[_Edge]) -> dict[_Point, tuple[set[_Box], set[_Box]]]:
    """pdfplumber's edges_to_intersections: where a vertical edge meets a horizontal one (within INTERSECT), and
    the edges (as boxes) through each such point, vertical and horizontal. The horizontal edges near a vertical
    one are found by their top, not by testing them all."""
    by_top = sorted(horizontal, key=lambda e: e[2])
    tops = [e[2] for e in by_top]
    out: dict[_Point, tuple[set[_Box], set[_Box]]] = {}
    for v in vertical:
        x, v_box = v[0], (v[0], v[2], v[1], v[3])
        # a point wider than the tolerance on either side: the test below is the rule, to the last bit
        lo = bisect.bisect_left(tops, v[2] - INTERSECT - 1)
        hi = bisect.bisect_right(tops, v[3] + INTERSECT + 1)
        for h in by_top[lo:hi]:
            # pdfplumber's test, as it writes it (the bisection only narrows what it is asked of)
            if v[2] <= h[2] + INTERSECT and v[3] >= h[2] - INTERSECT and h[0] - INTERSECT <= x <= h[1] + INTERSECT:
                point = (x, h[2])
                sets = out.get(point)
                if sets is None:
                    sets = out[point] = (set(), set())
                sets[0].add(v_box)
                sets[1].add((h[0], h[2], h[1], h[3]))
    return out


def _cells(intersections: dict[_Point, tuple[set[_Box], set[_Box]]]) -> list[_Box]:
    """pdfplumber's intersections_to_cells, the same cells: from each point (in sorted order), the first point
    below and the first to the right (in that order) that an edge joins to it and to a fourth point."""
    points = sorted(intersections)
    column: dict[float, list[_Point]] = {}
    row: dict[float, list[_Point]] = {}
    for p in points:  # sorted: a column's points top to bottom, a row's left to right
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    in_column = {p: k for col in column.values() for k, p in enumerate(col)}
    in_row = {p: k for line in row.values() for k, p in enumerate(line)}

    # an edge joins two points of a column if both lie on one of its vertical edges, of a row if on a horizontal one
    out: list[_Box] = []
    for pt in points:
        vertical, horizontal = intersections[pt]
        right = row[pt[1]]
        after = in_row[pt] + 1
        cell = None
        for b in itertools.islice(column[pt[0]], in_column[pt] + 1, None):  # below, nearest first
            if vertical.isdisjoint(intersections[b][0]):
                continue
            below_h = intersections[b][1]
            for r in itertools.islice(right, after, None):  # to the right, nearest first
                r_v, r_h = intersections[r]
                if horizontal.isdisjoint(r_h):
                    continue
                corner = intersections.get((r[0], b[1]))
                if corner is not None and not corner[0].isdisjoint(r_v) and not corner[1].isdisjoint(below_h):
                    cell = (pt[0], pt[1], r[0], b[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            out.append(cell)
    return out


def _tables(cells: list[_Box]) -> list[list[_Box]]:
    """pdfplumber's cells_to_tables: cells taken in order into the current table while one shares a corner with
    it, passes over the rest repeated until one adds none; tables of more than one cell, by their top-left."""
    remaining = list(cells)
    corners: set[_Point] = set()
    current: list[_Box] = []
    tables: list[list[_Box]] = []
    while remaining:
        before = len(current)
        kept: list[_Box] = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            mine = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or not corners.isdisjoint(mine):
                corners.update(mine)
                current.append(cell)
            else:
                kept.append(cell)
        remaining = kept
        if len(current) == before:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _bbox(cells: list[_Box]) -> _Box:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _rows(cells: list[_Box]) -> list[Row]:
    """pdfplumber's Table.rows: cells by top, then x0; a row has a place for every x0 of the table."""
    xs = sorted({c[0] for c in cells})
    out: list[Row] = []
    for _, group in itertools.groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        members = list(group)
        at = {c[0]: c for c in members}
        out.append((_bbox(members), [at.get(x) for x in xs]))
    return out


class _Edges:
    def __init__(self, edges: list[dict[str, Any]]) -> None:
        self.edges, self.bbox = edges, (0.0, 0.0, 0.0, 0.0)  # the box is only read for explicit lines (none)


def _pdfplumbers(edges: list[dict[str, Any]]) -> list[tuple[_Box, list[Row]]]:
    from pdfplumber.table import TableFinder

    return [(t.bbox, [(r.bbox, r.cells) for r in t.rows]) for t in TableFinder(_Edges(edges)).tables]
