"""`mtcl serve OUT/`: a read-only JSON API over an output folder.

Every OUT/json/<doc_id>.json is read once when the app is created and kept in memory; requests never touch the
file system and nothing is ever written. Binds 127.0.0.1 (this machine only) unless told otherwise.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import uvicorn
from fastapi import FastAPI, HTTPException, Query, Response

import schemas
from normalize.vocabulary import indicators
from schemas.models import Level

DOC_ID = re.compile(r"^[0-9a-f]{16}$")
SCHEMA_FILE = Path(schemas.__file__).resolve().parent / "decision.schema.json"
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
TARGET_FIELDS = ("text", "metric", "indicator", "comparator", "value", "value_max", "unit", "per", "provenance")


@dataclass
class Index:
    """What the API serves: the raw bytes of each decision (for an exact round trip) and flat rows."""

    raw: dict[str, bytes] = field(default_factory=dict)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)


def _summary(doc_id: str, d: dict[str, Any]) -> dict[str, Any]:
    objectives = d.get("objectives") or []
    return {
        "doc_id": doc_id,
        "path": (d.get("source") or {}).get("path"),
        "doc_type": d.get("doc_type"),
        "issuer": d.get("issuer") or {},
        "year": d.get("year"),
        "decision_number": d.get("decision_number"),
        "issued_on": d.get("issued_on"),
        "title": d.get("title"),
        "counts": {
            "objectives": len(objectives),
            "targets": sum(len(o.get("targets") or []) for o in objectives),
            "tasks": sum(len(o.get("plan") or []) for o in objectives),
            "warnings": len(d.get("warnings") or []),
        },
    }


def load_index(out_dir: Path) -> Index:
    """Read OUT/json/*.json once: the decisions OUT holds now (`current_ids`: not the JSON a file removed or changed
    since left behind). Only regular files whose resolved location is directly inside OUT/json and whose name is a
    doc_id are read (a symlink pointing elsewhere is skipped)."""
    from normalize.compare import current_ids

    json_dir = (Path(out_dir) / "json").resolve()
    index = Index()
    if not json_dir.is_dir():
        return index
    held = set(current_ids(Path(out_dir)))
    for p in sorted(json_dir.glob("*.json")):
        real = p.resolve()
        if p.stem not in held or real.parent != json_dir or not real.is_file() or not DOC_ID.match(p.stem):
            continue
        data = real.read_bytes()
        try:
            d = json.loads(data)
        except ValueError:
            continue
        if not isinstance(d, dict) or d.get("doc_id", p.stem) != p.stem:
            continue
        index.raw[p.stem] = data
        summary = _summary(p.stem, d)
        index.summaries.append(summary)
        issuer = summary["issuer"]
        for o in d.get("objectives") or []:
            for t in o.get("targets") or []:
                row = {
                    "doc_id": p.stem,
                    "objective_id": o.get("id"),
                    "locality": issuer.get("locality"),
                    "level": issuer.get("level"),
                    "year": d.get("year"),
                }
                row.update({k: t.get(k) for k in TARGET_FIELDS})
                index.targets.append(row)
    return index


def _page(rows: list[dict[str, Any]], offset: int, limit: int) -> dict[str, Any]:
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}


Offset = Annotated[int, Query(ge=0, description="number of items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]


def create_app(out_dir: Path) -> FastAPI:
    index = load_index(Path(out_dir))
    schema_bytes = SCHEMA_FILE.read_bytes()
    vocabulary = [{k: ind.get(k) for k in ("code", "label_vi", "label_en", "unit")} for ind in indicators()]
    app = FastAPI(title="mtcl", description="Read-only API over an mtcl output folder", version="1.0")

    @app.get("/decisions", summary="decision summaries, paginated")
    def list_decisions(offset: Offset = 0, limit: Limit = DEFAULT_LIMIT) -> dict[str, Any]:
        return _page(index.summaries, offset, limit)

    @app.get("/decisions/{doc_id}", summary="one full Decision, as written by mtcl extract")
    def get_decision(doc_id: str) -> Response:
        if not DOC_ID.match(doc_id) or doc_id not in index.raw:
            raise HTTPException(status_code=404, detail="no such decision")
        return Response(content=index.raw[doc_id], media_type="application/json")

    @app.get("/targets", summary="quantified targets, filtered and paginated")
    def list_targets(
        indicator: Annotated[str | None, Query(description="indicator code, e.g. satisfaction_rate")] = None,
        locality: Annotated[str | None, Query(description="issuer locality (case-insensitive, exact)")] = None,
        year: Annotated[int | None, Query(ge=1900, le=2200, description="the year the objectives are for")] = None,
        level: Annotated[Level | None, Query(description="administrative level of the issuer")] = None,
        offset: Offset = 0,
        limit: Limit = DEFAULT_LIMIT,
    ) -> dict[str, Any]:
        place = locality.casefold() if locality else None
        rows = [
            r
            for r in index.targets
            if (indicator is None or r["indicator"] == indicator)
            and (place is None or (r["locality"] or "").casefold() == place)
            and (year is None or r["year"] == year)
            and (level is None or r["level"] == level.value)
        ]
        return _page(rows, offset, limit)

    @app.get("/indicators", summary="the indicator vocabulary with target counts per code")
    def list_indicators() -> dict[str, Any]:
        counts = Counter(r["indicator"] for r in index.targets)
        items = [{**v, "targets": counts.get(v["code"], 0)} for v in vocabulary]
        return {"total_targets": len(index.targets), "uncoded_targets": counts.get(None, 0), "items": items}

    @app.get("/schema", summary="the published JSON Schema of a Decision")
    def get_schema() -> Response:
        return Response(content=schema_bytes, media_type="application/schema+json")

    return app


def make_config(out: Path, host: str = "127.0.0.1", port: int = 8000) -> uvicorn.Config:
    return uvicorn.Config(create_app(out), host=host, port=port, log_level="info")


def run(out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve OUT/ until interrupted; 127.0.0.1 by default, so only this machine can connect."""
    uvicorn.Server(make_config(out, host=host, port=port)).run()
