"""Pydantic v2 models of the output contract (../shared/CONTRACT.md, v1).

Every field carries a description so that the generated JSON Schema documents the output for the
systems that read it. Values keep the document's Vietnamese text (NFC); field names are English.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class SourceFormat(StrEnum):
    txt = "txt"
    md = "md"
    html = "html"
    docx = "docx"
    doc = "doc"
    pdf = "pdf"


class LegacyEncoding(StrEnum):
    tcvn3 = "tcvn3"
    vni = "vni"


class DocType(StrEnum):
    mtcl_decision = "mtcl_decision"
    plan = "plan"
    decision = "decision"
    report = "report"
    charter = "charter"
    letter = "letter"
    submission = "submission"
    other = "other"


class Level(StrEnum):
    tinh = "tinh"
    thanh_pho = "thanh_pho"
    thi_xa = "thi_xa"
    huyen = "huyen"
    quan = "quan"
    phuong = "phuong"
    xa = "xa"
    thi_tran = "thi_tran"


class Authority(StrEnum):
    tm = "TM."
    kt = "KT."
    q = "Q."
    tl = "TL."
    tuq = "TUQ."


class Category(StrEnum):
    administrative_procedures = "administrative_procedures"
    online_services = "online_services"
    digital_transformation = "digital_transformation"
    quality_management = "quality_management"
    satisfaction = "satisfaction"
    staff = "staff"
    complaints = "complaints"
    work_programme = "work_programme"
    socio_economic = "socio_economic"
    other = "other"


class Comparator(StrEnum):
    gt = "gt"
    ge = "ge"
    lt = "lt"
    le = "le"
    between = "between"
    eq = "eq"


class TimeframeKind(StrEnum):
    period = "period"
    deadline = "deadline"
    recurring = "recurring"
    continuous = "continuous"
    event = "event"
    unspecified = "unspecified"


class ProvenanceOrigin(StrEnum):
    document = "document"
    metadata = "metadata"


class Provenance(_Model):
    page: int | None = Field(None, ge=1, description="1-based page number; null for text input")
    start: int = Field(ge=0, description="start character offset into the document's extracted plain text")
    end: int = Field(ge=0, description="end character offset (exclusive) into the extracted plain text")
    table: int | None = Field(None, ge=0, description="0-based index of the table in the document, for table cells")
    row: int | None = Field(None, ge=0, description="0-based row index inside the table")
    col: int | None = Field(None, ge=0, description="0-based column index inside the table")
    origin: ProvenanceOrigin = Field(
        ProvenanceOrigin.document,
        description="'document' when read from the text; 'metadata' when supplied by a manifest or path",
    )


class Source(_Model):
    path: str = Field(description="the input path as given on the command line")
    format: SourceFormat = Field(description="format detected from the file's bytes")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the source bytes")
    pages: int | None = Field(None, ge=0, description="page count for paged formats, else null")
    ocr: bool = Field(False, description="true when any text came from OCR")
    legacy_encoding: LegacyEncoding | None = Field(None, description="pre-Unicode encoding that was repaired")


class Issuer(_Model):
    name: str | None = Field(None, description="expanded issuer name, e.g. 'Ủy ban nhân dân phường Tân Phú'")
    level: Level | None = Field(None, description="administrative level of the issuer")
    locality: str | None = Field(None, description="place name of the issuer; null when the text never names it")
    province: str | None = Field(None, description="province or centrally-run city, only where the text names it")


class Signer(_Model):
    name: str | None = Field(None, description="the signer's printed name")
    title: str | None = Field(None, description="'Chủ tịch', 'Phó Chủ tịch', …")
    authority: Authority | None = Field(None, description="'TM.', 'KT.', 'Q.', 'TL.' or 'TUQ.' nearest to the name")


class Warning(_Model):
    code: str = Field(description="machine-readable warning code, e.g. 'conflict_year', 'unplaced_text'")
    message: str = Field(description="human-readable explanation, quoting the source where relevant")
    span: Provenance | None = Field(None, description="where in the source the warning points")


class Unit(_Model):
    raw: str = Field(description="the unit as written in the cell")
    name: str = Field(description="canonical name: abbreviations expanded, whitespace and dashes folded")


class Timeframe(_Model):
    raw: str = Field(description="the time cell as written")
    kind: TimeframeKind = Field(description="period, deadline, recurring, continuous, event or unspecified")
    start: dt.date | None = Field(None, description="first day covered, where known")
    end: dt.date | None = Field(None, description="last day covered or the deadline, where known")
    recurrence: str | None = Field(None, description="ISO 8601 duration of the repetition, e.g. 'P3M'")


class Task(_Model):
    number: str | None = Field(None, description="STT as printed; null when the cell is empty")
    section: str | None = Field(None, description="the section row spanning the table above the task, if any")
    content: str = Field(description="the work item, markup removed")
    lead_units: list[Unit] = Field(default_factory=list, description="'Chủ trì' units")
    support_units: list[Unit] = Field(default_factory=list, description="'Phối hợp' units")
    timeframe: Timeframe = Field(description="'Thời gian hoàn thành / thực hiện'")
    expected_result: str | None = Field(None, description="'Kết quả dự kiến' / 'Cách thức theo dõi và kết quả'")
    monitoring: str | None = Field(None, description="'Trách nhiệm theo dõi'")
    resources: str | None = Field(None, description="'Nguồn lực cần thiết'")
    provenance: Provenance | None = Field(None, description="source span; always set by the pipeline")


class Target(_Model):
    text: str = Field(description="the shortest source span that holds the whole commitment")
    metric: str = Field(description="what is measured, without the number and comparator words")
    indicator: str | None = Field(None, description="code from the indicator vocabulary, or null")
    comparator: Comparator = Field(description="gt, ge, lt, le, between or eq")
    value: float = Field(description="the committed value (lower bound for 'between')")
    value_max: float | None = Field(None, description="upper bound for 'between'")
    unit: str = Field(description="unit of the value: '%', 'phút', 'người', 'tỷ đồng', 'hạng', …")
    per: str | None = Field(None, description="denominator of a rate: '25 phút/01 lần' → per 'lần'")
    provenance: Provenance | None = Field(None, description="source span; always set by the pipeline")


class Objective(_Model):
    id: str = Field(description="'1', '2', …; a sub-objective is '1.2'")
    number: str | None = Field(None, description="number as printed ('1', 'IV'); null when none is printed")
    text: str = Field(description="the objective's full statement from the objectives list")
    category: Category = Field(description="thematic category from the project's vocabulary")
    measurement: str | None = Field(None, description="'Đo lường kết quả', where the document says")
    targets: list[Target] = Field(default_factory=list, description="every quantified commitment")
    plan: list[Task] = Field(default_factory=list, description="rows of its implementation plan")
    provenance: Provenance | None = Field(None, description="source span; always set by the pipeline")


class Rendering(_Model):
    doc_id: str = Field(pattern=r"^[0-9a-f]{16}$", description="the doc_id of this file's own reading")
    path: str = Field(description="the file's path as given on the command line")
    format: SourceFormat = Field(description="format detected from the file's bytes")
    ocr: bool = Field(False, description="true when any of its text came from OCR")
    reason: str | None = Field(
        None, description="why it is the same decision: 'same issuer, number and date', 'same objectives' or "
        "'identical file'; null for the file that represents the decision (this record)")


class Decision(_Model):
    schema_version: str = Field(SCHEMA_VERSION, description="version of this contract")
    doc_id: str = Field(pattern=r"^[0-9a-f]{16}$", description="first 16 hex chars of the source SHA-256")
    source: Source
    doc_type: DocType = Field(description="what kind of document this is")
    issuer: Issuer = Field(default_factory=Issuer)
    decision_number: str | None = Field(None, description="as written, spaces removed: '215/QĐ-UBND'")
    issued_on: dt.date | None = Field(None, description="date of signature/issue")
    year: int | None = Field(None, ge=1900, le=2200, description="the year the objectives are FOR")
    title: str | None = Field(None, description="the decision's or objectives' title line")
    signer: Signer | None = Field(None, description="who signed, where printed")
    legal_bases: list[str] = Field(default_factory=list, description="each 'Căn cứ …' clause")
    articles: list[str] = Field(default_factory=list, description="each 'Điều N.' article of the decision")
    recipients: list[str] = Field(default_factory=list, description="each 'Nơi nhận' line, bullet removed")
    objectives: list[Objective] = Field(default_factory=list, description="in document order")
    plan: list[Task] = Field(
        default_factory=list,
        description="rows of plan tables that no objective groups (a plan's task table, beyond MTCL decisions)",
    )
    warnings: list[Warning] = Field(default_factory=list, description="what could not be placed or conflicts")
    field_provenance: dict[str, Provenance] = Field(
        default_factory=dict,
        description="where header fields came from when not from the text, e.g. {'issuer.locality': "
        "{'origin': 'metadata', …}} for a value taken from a manifest or the file's path",
    )
    text: str | None = Field(None, description="the extracted plain text that offsets point into (on request)")
    duplicate_group: int | None = Field(
        None, ge=1, description="in the archive's outputs (decisions.jsonl, the API): the decision's group number in "
        "OUT/duplicates.csv when it was read from more than one file, else null; absent from "
        "OUT/json/<doc_id>.json, which is one file's reading")
    renderings: list[Rendering] = Field(
        default_factory=list, description="in the archive's outputs (decisions.jsonl, the API): every file the "
        "decision was read from, the one this record was read from (its representative) first; absent from "
        "OUT/json/<doc_id>.json, which is one file's reading")
