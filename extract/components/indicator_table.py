"""An indicator table (Chỉ tiêu | ĐVT | Kế hoạch): one target a row.

reads: a table block and its header roles (extract/columns.py). assigns: targets.
"""

from __future__ import annotations

import re

from extract.columns import header_roles
from extract.components.base import fold, prov
from extract.document import Block
from extract.targets import canonical_unit, parse_value_cell
from schemas.models import Target


def indicator_table_targets(table: Block) -> list[Target] | None:
    """The table's targets; None when the table is not an indicator table."""
    roles, header_rows = header_roles(table)
    if not {"indicator", "unit"} <= set(roles):
        return None
    ind, unit_col = roles.index("indicator"), roles.index("unit")
    value_col = roles.index("value") if "value" in roles else unit_col + 1
    out: list[Target] = []
    for r, row in enumerate(table.rows[header_rows:], start=header_rows):
        cells = row.texts()
        if value_col >= len(cells):
            continue
        parsed = parse_value_cell(cells[value_col])
        unit = canonical_unit(cells[unit_col]) if cells[unit_col].strip() else None
        if parsed is None or unit is None:
            continue
        comparator, value, value_max = parsed
        metric_cell = row.cells[ind]
        metric = re.sub(r"^\s*\d{1,3}\s*[.)]\s*", "", fold(metric_cell.text))
        value_cell = row.cells[value_col]
        out.append(
            Target(
                text=f"{metric}: {value_cell.text.strip()} {cells[unit_col].strip()}",
                metric=metric,
                comparator=comparator,  # type: ignore[arg-type]
                value=value,
                value_max=value_max,
                unit=unit,
                per=None,
                provenance=prov(metric_cell.start, value_cell.end, row.page, table=table.table_index, row=r,
                                col=value_col),
            )
        )
    return out
