"""Metadata the document lacks (locality, level, province, year), from a manifest CSV or a path template.

It fills only what the text leaves empty, is marked with origin 'metadata' in `field_provenance`, and where it
disagrees with the text the text wins and a warning quotes both.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from schemas.models import Decision, Level, Provenance, ProvenanceOrigin, Warning

FIELDS = ("locality", "level", "province", "year")


class MetadataError(ValueError):
    """A manifest or template the user must fix; the message says how."""


@dataclass
class Metadata:
    locality: str | None = None
    level: str | None = None
    province: str | None = None
    year: int | None = None


def _clean(values: dict[str, str | None]) -> Metadata:
    year = values.get("year")
    level = values.get("level") or None
    if level and level not in {lv.value for lv in Level}:
        raise MetadataError(f"unknown level '{level}' (one of: {', '.join(lv.value for lv in Level)})")
    return Metadata(
        locality=(values.get("locality") or None),
        level=level,
        province=(values.get("province") or None),
        year=int(year) if year and str(year).isdigit() else None,
    )


def load_manifest(path: Path) -> dict[str, Metadata]:
    """CSV with a 'path' column (as given to mtcl, or relative to the archive) and any of the FIELDS."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise MetadataError(f"cannot read manifest {path}: {exc.strerror}") from None
    if not rows or "path" not in rows[0]:
        raise MetadataError(f"manifest {path} needs a 'path' column and one of: {', '.join(FIELDS)}")
    return {row["path"]: _clean(row) for row in rows}


def template_matcher(template: str) -> re.Pattern[str]:
    """'{province}/{locality}/{year}/*' → a pattern over the path's trailing components."""
    names = re.findall(r"{(\w+)}", template)
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise MetadataError(f"unknown field(s) in --path-template: {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    pattern = ""
    for piece in re.split(r"({\w+})", template.strip("/")):
        if m := re.fullmatch(r"{(\w+)}", piece):
            pattern += rf"(?P<{m.group(1)}>[^/]+)"
        else:
            pattern += re.escape(piece).replace(r"\*", "[^/]*")
    return re.compile(rf"(?:^|/){pattern}$")


def metadata_lookup(manifest: dict[str, Metadata] | None, template: str | None, roots: list[Path]):  # type: ignore[no-untyped-def]
    matcher = template_matcher(template) if template else None

    def lookup(shown: str) -> Metadata | None:
        if manifest:
            for key in (shown, *(str(Path(shown).relative_to(r)) for r in roots if Path(shown).is_relative_to(r))):
                if key in manifest:
                    return manifest[key]
        if matcher and (m := matcher.search(shown.replace("\\", "/"))):
            return _clean(m.groupdict())
        return None

    return lookup


def apply_metadata(decision: Decision, meta: Metadata) -> Decision:
    d = decision.model_copy(deep=True)
    issuer = d.issuer
    current = {"locality": issuer.locality, "level": issuer.level.value if issuer.level else None,
               "province": issuer.province, "year": d.year}
    for name in FIELDS:
        value = getattr(meta, name)
        if value is None:
            continue
        have = current[name]
        if have is None:
            if name == "year":
                d.year = int(value)
            elif name == "level":
                issuer.level = Level(value)
            else:
                setattr(issuer, name, value)
            key = "year" if name == "year" else f"issuer.{name}"
            d.field_provenance[key] = Provenance(start=0, end=0, origin=ProvenanceOrigin.metadata)
        elif str(have).casefold() != str(value).casefold():
            d.warnings.append(Warning(code="conflict_metadata",
                                      message=f"{name}: the document says '{have}', the metadata says '{value}'; "
                                              f"kept the document's"))
    return d
