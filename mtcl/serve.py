"""`mtcl serve OUT/`: a read-only JSON API over an output folder.

It serves the archive every other output holds (`normalize.duplicates.archive`): each decision once, by the file
that represents its group of renderings, with the files it was read from. Every current OUT/json/<doc_id>.json
is read once when the app is created and kept in memory; requests never touch the file system and nothing is
ever written. Binds 127.0.0.1 (this machine only) unless told otherwise. The documentation (/docs, /redoc) is
served from Swagger UI's and ReDoc's files shipped in the fastapi-offline package: it works without a network.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field

import schemas
from normalize.duplicates import ArchiveEntry, DupKey, archive, dup_key
from normalize.vocabulary import comparator_words, indicator_label, indicators
from normalize.writers import archive_fields, with_archive_json
from schemas.models import Decision, DocType, Issuer, Level, Provenance, Rendering

DOC_ID = re.compile(r"^[0-9a-f]{16}$")
SCHEMA_FILE = Path(schemas.__file__).resolve().parent / "decision.schema.json"
MAX_LIMIT = 500
DEFAULT_LIMIT = 50


# --- response models --------------------------------------------------------------------------------------------


class Counts(BaseModel):
    objectives: int = Field(description="objectives of the decision")
    targets: int = Field(description="quantified targets of its objectives")
    tasks: int = Field(description="plan tasks: its objectives' and its own plan tables'")
    warnings: int = Field(description="warnings of its reading")


class DecisionSummary(BaseModel):
    doc_id: str = Field(description="the doc_id of the file that represents the decision")
    path: str = Field(description="that file's path")
    doc_type: DocType
    issuer: Issuer
    year: int | None = Field(description="the year the objectives are for")
    decision_number: str | None
    issued_on: str | None = Field(description="ISO date of issue")
    title: str | None
    counts: Counts
    duplicate_group: int | None = Field(description="its group in OUT/duplicates.csv; null when read from one file")
    renderings: list[Rendering] = Field(description="every file it was read from, the representative first")
    href: str = Field(description="the full Decision: /decisions/{doc_id}")


class TargetRow(BaseModel):
    doc_id: str = Field(description="the decision's doc_id (its representative's)")
    objective_id: str
    target_no: int = Field(description="1-based position among its objective's targets")
    locality: str | None
    province: str | None
    level: Level | None
    issuer_name: str | None
    year: int | None
    text: str
    metric: str
    indicator: str | None = Field(description="indicator code (see /indicators), or null")
    indicator_label: str | None = Field(description="the indicator's Vietnamese label")
    comparator: str = Field(description="gt, ge, lt, le, between or eq")
    comparator_words: str = Field(description="the comparator in words: 'trên', 'tối thiểu', …")
    value: float
    value_max: float | None
    unit: str
    per: str | None
    provenance: Provenance | None


class Links(BaseModel):
    self: str = Field(description="this page")
    first: str
    prev: str | None = Field(description="the previous page, null on the first")
    next: str | None = Field(description="the next page, null on the last")
    last: str


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="items that match, on every page")
    offset: int
    limit: int
    items: list[T]
    links: Links


class IndicatorCount(BaseModel):
    code: str
    label_vi: str
    label_en: str
    unit: str | None
    targets: int = Field(description="targets with this code in the archive")


class IndicatorList(BaseModel):
    total_targets: int
    uncoded_targets: int
    items: list[IndicatorCount]


class NotFound(BaseModel):
    detail: str


class UnknownIndicator(BaseModel):
    detail: str
    codes: list[str] = Field(description="the indicator codes there are")


# --- the index ----------------------------------------------------------------------------------------------------


@dataclass
class Index:
    """What the API serves: the JSON of every reading (the archive's fields added) and the archive's rows."""

    raw: dict[str, bytes] = field(default_factory=dict)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)


def fold(text: str | None) -> str:
    """For place names: case, Unicode form and diacritics folded ('Hà Nội', 'ha noi', its NFD form)."""
    if not text:
        return ""
    bare = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(bare.replace("đ", "d").split())


def _nfc(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", (text or "").casefold()).split())


def place_matcher(query: str | None) -> Callable[[str | None], bool] | None:
    """A place query matches a name without regard to case or Unicode form; a query written without diacritics
    ('ha long') matches without regard to them too, one written with them only the name so written."""
    if query is None:
        return None
    if fold(query) == _nfc(query):
        folded = fold(query)
        return lambda name: fold(name) == folded
    exact = _nfc(query)
    return lambda name: _nfc(name) == exact


def _summary(d: Decision) -> dict[str, Any]:
    return {
        "doc_id": d.doc_id, "path": d.source.path, "doc_type": d.doc_type.value,
        "issuer": d.issuer.model_dump(mode="json"), "year": d.year, "decision_number": d.decision_number,
        "issued_on": d.issued_on.isoformat() if d.issued_on else None, "title": d.title,
        "counts": {"objectives": len(d.objectives), "targets": sum(len(o.targets) for o in d.objectives),
                   "tasks": sum(len(o.plan) for o in d.objectives) + len(d.plan), "warnings": len(d.warnings)},
        "href": f"/decisions/{d.doc_id}",
    }


def _group(entry: ArchiveEntry) -> dict[str, Any]:
    """A summary's `duplicate_group` and `renderings`."""
    fields = archive_fields(entry)
    return {"duplicate_group": fields["duplicate_group"],
            "renderings": [r.model_dump(mode="json") for r in fields["renderings"]]}


def _target_rows(d: Decision) -> list[dict[str, Any]]:
    rows = []
    for o in d.objectives:
        for k, t in enumerate(o.targets, start=1):
            rows.append({
                "doc_id": d.doc_id, "objective_id": o.id, "target_no": k, "locality": d.issuer.locality,
                "province": d.issuer.province, "level": d.issuer.level.value if d.issuer.level else None,
                "issuer_name": d.issuer.name, "year": d.year, "text": t.text, "metric": t.metric,
                "indicator": t.indicator, "indicator_label": indicator_label(t.indicator),
                "comparator": t.comparator.value, "comparator_words": comparator_words(t.comparator.value),
                "value": t.value, "value_max": t.value_max, "unit": t.unit, "per": t.per,
                "provenance": t.provenance.model_dump(mode="json") if t.provenance else None,
                "doc_type": d.doc_type.value,
            })
    return rows


def load_index(out_dir: Path) -> Index:
    """Read the decisions OUT holds now (`current_ids`: not the JSON a file removed or changed since left behind)
    once, and make of them the archive. Only regular files whose resolved location is directly inside OUT/json and
    whose name is a doc_id are read (a symlink pointing elsewhere is skipped)."""
    from normalize.cards import shared_files
    from normalize.compare import current_ids

    json_dir = (Path(out_dir) / "json").resolve()
    index = Index()
    if not json_dir.is_dir():
        return index
    held = set(current_ids(Path(out_dir)))
    raw: dict[str, bytes] = {}
    keys: list[DupKey] = []
    rows: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}  # per reading: its summary and targets
    for p in sorted(json_dir.glob("*.json")):
        real = p.resolve()
        if p.stem not in held or real.parent != json_dir or not real.is_file() or not DOC_ID.match(p.stem):
            continue
        data = real.read_bytes()
        try:
            d = Decision.model_validate_json(data)
        except ValueError:
            continue
        if d.doc_id != p.stem:
            continue
        raw[p.stem] = data  # the model is not kept: an archive's decisions would not fit in memory as objects
        keys.append(dup_key(d))
        rows[p.stem] = (_summary(d), _target_rows(d))
    for entry in archive(keys, shared_files(Path(out_dir))):
        for r in entry.renderings:  # a rendering's own reading, asked for by its doc_id, tells its group too
            if r.doc_id in raw:
                index.raw[r.doc_id] = with_archive_json(raw.pop(r.doc_id), entry)
        summary, targets = rows[entry.doc_id]
        index.summaries.append({**summary, **_group(entry)})
        index.targets.extend(targets)
    return index


# --- the app ------------------------------------------------------------------------------------------------------


def _query_names(dependant: Any) -> set[str]:
    """The query parameters a route's dependant (and the dependencies under it) take."""
    names = {f.alias for f in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _known_parameters_only(request: Request) -> None:
    """A query parameter the route does not take is an error (a misspelt filter must not silently match all)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(status_code=422, detail=[
            {"type": "extra_forbidden", "loc": ["query", name], "msg": f"unknown query parameter; this route takes: "
             f"{', '.join(sorted(known)) or 'none'}", "input": request.query_params.get(name)} for name in unknown])


def _page(request: Request, rows: list[dict[str, Any]], offset: int, limit: int) -> dict[str, Any]:
    total = len(rows)

    def at(start: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
        return f"{request.url.path}?{urlencode([*params, ('offset', start), ('limit', limit)])}"

    last = max(0, (total - 1) // limit * limit)
    links = {"self": at(offset), "first": at(0), "prev": at(max(0, offset - limit)) if offset > 0 else None,
             "next": at(offset + limit) if offset + limit < total else None, "last": at(last)}
    return {"total": total, "offset": offset, "limit": limit, "items": rows[offset : offset + limit],
            "links": links}


Offset = Annotated[int, Query(ge=0, description="number of items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="the year the objectives are for")]
Locality = Annotated[str | None, Query(
    description="the issuer's locality; case and Unicode form do not matter, nor diacritics when the query has none "
                "('ha noi' finds 'Hà Nội')")]
Province = Annotated[str | None, Query(description="the issuer's province, matched as `locality` is")]
LevelQ = Annotated[Level | None, Query(description="administrative level of the issuer")]
DocTypeQ = Annotated[DocType | None, Query(description="the document's type")]
NOT_FOUND = {404: {"model": NotFound, "description": "no decision with this doc_id in this output folder"}}


def create_app(out_dir: Path) -> FastAPI:
    index = load_index(Path(out_dir))
    schema_bytes = SCHEMA_FILE.read_bytes()
    vocabulary = [{k: ind.get(k) for k in ("code", "label_vi", "label_en", "unit")} for ind in indicators()]
    codes = [str(v["code"]) for v in vocabulary]
    app = FastAPIOffline(
        title="mtcl", version="1.0", dependencies=[Depends(_known_parameters_only)],
        description="Read-only API over an mtcl output folder: the archive's decisions, each once (the file that "
                    "represents a group of renderings, with the files it was read from), and their targets.")

    @app.get("/decisions", summary="the archive's decisions, filtered and paginated",
             response_model=Page[DecisionSummary])
    def list_decisions(request: Request, year: Year = None, locality: Locality = None, province: Province = None,
                       level: LevelQ = None, doc_type: DocTypeQ = None, offset: Offset = 0,
                       limit: Limit = DEFAULT_LIMIT) -> dict[str, Any]:
        at, prov = place_matcher(locality), place_matcher(province)
        rows = [s for s in index.summaries
                if (year is None or s["year"] == year)
                and (at is None or at(s["issuer"]["locality"]))
                and (prov is None or prov(s["issuer"]["province"]))
                and (level is None or s["issuer"]["level"] == level.value)
                and (doc_type is None or s["doc_type"] == doc_type.value)]
        return _page(request, rows, offset, limit)

    @app.get("/decisions/{doc_id}", summary="one full Decision, with the files it was read from",
             response_model=None, responses={200: {"model": Decision}, **NOT_FOUND})  # type: ignore[dict-item]
    def get_decision(doc_id: str) -> Response:
        """The Decision as `mtcl extract` wrote it in OUT/json, with `duplicate_group` and `renderings`. The
        doc_id of any of a decision's renderings answers: `renderings[0]` is the one the other outputs hold."""
        if not DOC_ID.match(doc_id) or doc_id not in index.raw:
            raise HTTPException(status_code=404, detail="no such decision")
        return Response(content=index.raw[doc_id], media_type="application/json")

    @app.get("/targets", summary="the archive's quantified targets, filtered and paginated",
             response_model=Page[TargetRow],
             responses={422: {"model": UnknownIndicator, "description": "an unknown indicator code, or a bad query"}})
    def list_targets(
        request: Request,
        indicator: Annotated[str | None, Query(description="indicator code, e.g. satisfaction_rate")] = None,
        locality: Locality = None, province: Province = None, year: Year = None, level: LevelQ = None,
        doc_type: DocTypeQ = None, offset: Offset = 0, limit: Limit = DEFAULT_LIMIT,
    ) -> Any:
        if indicator is not None and indicator not in codes:
            return Response(status_code=422, media_type="application/json", content=json.dumps(
                {"detail": f"unknown indicator '{indicator}'", "codes": codes}, ensure_ascii=False).encode())
        at, prov = place_matcher(locality), place_matcher(province)
        rows = [r for r in index.targets
                if (indicator is None or r["indicator"] == indicator)
                and (at is None or at(r["locality"]))
                and (prov is None or prov(r["province"]))
                and (year is None or r["year"] == year)
                and (level is None or r["level"] == level.value)
                and (doc_type is None or r["doc_type"] == doc_type.value)]
        return _page(request, rows, offset, limit)

    @app.get("/indicators", summary="the indicator vocabulary with the archive's target counts per code",
             response_model=IndicatorList)
    def list_indicators() -> dict[str, Any]:
        counts = Counter(r["indicator"] for r in index.targets)
        items = [{**v, "targets": counts.get(v["code"], 0)} for v in vocabulary]
        return {"total_targets": len(index.targets), "uncoded_targets": counts.get(None, 0), "items": items}

    @app.get("/schema", summary="the published JSON Schema of a Decision", response_model=None,
             responses={200: {"content": {"application/schema+json": {"schema": {"type": "object"}}},
                              "description": "JSON Schema (draft 2020-12)"}})
    def get_schema() -> Response:
        return Response(content=schema_bytes, media_type="application/schema+json")

    return app


def make_config(out: Path, host: str = "127.0.0.1", port: int = 8000) -> uvicorn.Config:
    return uvicorn.Config(create_app(out), host=host, port=port, log_level="info")


def run(out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve OUT/ until interrupted; 127.0.0.1 by default, so only this machine can connect."""
    uvicorn.Server(make_config(out, host=host, port=port)).run()
