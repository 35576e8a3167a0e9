"""Quantified commitments ("đạt trên 98%", "tối đa 25 phút/01 lần", "top 3") in a Vietnamese statement.

A target is a number with a unit (from `vocab/measure_units.tsv`), a comparator read from the words around it
(`vocab/comparators.tsv`) and a metric: the noun phrase that says what is measured. Bare numbers are never
targets, which keeps enumerators "(1)", service levels "mức độ 3 và 4", standards "9001:2015", act numbers and
years out without a list of exceptions. A quantity that follows a percentage in the same clause is a
condition inside that percentage's metric ("trên 25% số lượng giao dịch dưới 10 phút/1 lần"), not a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from extract import nlp, vocab
from extract.lexicon import canon, lexicon
from extract.memo import memo
from extract.numbers import NUMBER, parse_number
from extract.references import mask_references

_PERCENT = "%"
# units whose metric is the phrase that follows the unit word ("05 quy trình nội bộ")
_NON_COUNT = {"%", "phút", "giờ", "ngày", "ngày làm việc", "tỷ đồng", "triệu đồng", "nghìn đồng", "đồng",
              "USD", "triệu USD", "triệu đồng/người", "triệu đồng/người/năm", "USD/người", "ha", "km", "tấn",
              "điểm", "hạng"}
# a metric does not start with these words after the quantity; the metric is then before it
_NOT_METRIC_START = {"và", "hoặc", "trở", "so", "đối", "đến", "trên", "cho", "mỗi", "trong", "theo", "để", "sau",
                     "kể"}  # "… 04 giờ sau khi nhận hồ sơ", "… 30 ngày kể từ": a time condition, not what is measured
_LEAD_STRIP = re.compile(r"^(?:[\s,;:.\-–]|\(\d+\)|\d+[.)]\s|và\b|hoặc\b|về\b)+", re.I)


@dataclass(frozen=True)
class ParsedTarget:
    comparator: str
    value: float
    value_max: float | None
    unit: str
    per: str | None
    metric: str
    start: int  # span of `text` in the parsed string
    end: int
    q_start: int  # span of the quantity itself (number, unit, rate)
    q_end: int

    def text_in(self, source: str) -> str:
        return source[self.start : self.end]


def _alternation(surfaces: tuple[str, ...]) -> str:
    return "|".join(re.escape(s) for s in surfaces)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    units = _alternation(vocab.words("measure_units"))
    per = _alternation(vocab.words("per_units"))
    unit_tail = rf"(?P<unit>{units})(?![^\W\d_])(?:\s*/\s*(?:0*1\s*)?(?P<per>{per})(?![^\W\d_]))?"
    quantity = re.compile(
        # "04 (bốn) giờ": the number spelled out in parentheses, as legal texts write it
        rf"(?<![\d/:.,])(?<![^\W\d_])(?:(?P<from>từ)\s+)?(?P<n1>{NUMBER})(?:/\d+)?(?:\s*\([a-zà-ỹđ ]{{2,24}}\))?"
        rf"(?:\s*(?:{units})?\s*(?:-|–|—|đến)\s*(?P<n2>{NUMBER}))?\s*{unit_tail}",
        re.I,
    )
    top = re.compile(r"\btop\s*(?P<n1>\d+)\b", re.I)
    openers = _alternation(vocab.words("clause_openers"))
    boundary = re.compile(
        rf";|\.(?=\s|$)|\n|:\s|\(\d+\)|\s-\s(?=[A-ZĐ])|,(?=\s*(?i:{openers})(?![^\W\d_]))"
    )
    return quantity, top, boundary


@cache
def _fillers() -> tuple[str, ...]:
    return vocab.words("target_fillers")


@cache
def _unit_canon() -> dict[str, str]:
    return {k.lower(): v for k, v in vocab.mapping("measure_units").items()}


def _strip_trailing_fillers(text: str) -> str:
    changed = True
    while changed:
        changed = False
        t = text.rstrip(" ,;:-–/.")
        low = t.lower()
        for f in _fillers():
            if low.endswith(f) and (len(low) == len(f) or not low[-len(f) - 1].isalnum()) and not _TRO.search(
                    low[: -len(f)]):
                t = t[: -len(f)]
                changed = True
                break
        text = t
    return text.rstrip(" ,;:-–/.")


_TRO = re.compile(r"(?<![^\W\d_])trở\s*$")  # "từ đủ 14 tuổi trở lên": "lên" is not a filler after "trở"


def _strip_leading(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = _LEAD_STRIP.sub("", text)
        low = text.lower()
        for f in _fillers():
            if low.startswith(f + " ") and _ends_a_word(text, len(f)):
                text = text[len(f) + 1 :]
                break
    return text


def _ends_a_word(text: str, at: int) -> bool:
    """`at` is a word boundary of the segmented text ("bằng cấp" is one word: "bằng" is not a filler there)."""
    return any(tok.idx + len(tok.text) == at for tok in nlp.parse(text))


def _strip_one_filler(text: str) -> str:
    t = text.rstrip()
    low = t.lower()
    for f in _fillers():
        if low.endswith(f) and (len(low) == len(f) or not low[-len(f) - 1].isalnum()):
            return t[: -len(f)].rstrip()
    return t


def _only_fillers(gap: str) -> bool:
    return not _strip_trailing_fillers_keep_comma(gap).strip()


def _prefix_comparator(text: str, at: int) -> tuple[str | None, int]:
    """The comparator phrase (a whole-word entity from the NLP pipeline) that ends before `at` with only
    filler words in between ("đạt tối thiểu tương ứng 70%"), and where it starts."""
    best: tuple[str | None, int] = (None, at)
    for start, _, comparator, _ in nlp.comparators(
            text, lambda start, end, position: position == "pre" and end <= at and _only_fillers(text[end:at])):
        best = (comparator, start)
    return best


def _post_comparator(text: str, at: int) -> tuple[str | None, int]:
    """A comparator written after the quantity ("từ 95% trở lên"): the comparator and where it ends."""
    for _, end, comparator, _ in nlp.comparators(
            text, lambda start, end, position: position == "post" and start >= at and not text[at:start].strip()):
        return comparator, end
    return None, at


@dataclass
class _Hit:
    q_start: int
    q_end: int
    comparator: str
    value: float
    value_max: float | None
    unit: str
    per: str | None
    c_start: int  # where the comparator words start (or the quantity, when none)
    cut: tuple[int, int] | None = None  # comparator words inside the metric ("từ 3 dự án đầu tư trở lên")


@cache
def _label_words() -> dict[str, re.Pattern[str]]:
    """Words after which a number is a label ("số 3", "lúc 14 giờ"), after which a year is ("năm 2025"), and
    longer phrases that end in such a word but count ("tổng số 1.200 hồ sơ")."""
    rows = vocab.table("number_labels")
    return {
        scope: re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(tuple(w for w, s in rows if s == scope))})\s*$", re.I
        )
        for scope in ("any", "year", "not")
    }


def _is_label(text: str, m: re.Match[str]) -> bool:
    """The number is a label, not a quantity: 'Tổ dân phố số 3 phường …', 'năm 2025 xã …'."""
    if m.group("from"):
        return False
    before = text[max(0, m.start() - 20) : m.start()]
    labels = _label_words()
    if labels["not"].search(before):
        return False
    is_year = re.fullmatch(r"(?:19|20)\d\d", m.group("n1")) is not None
    return bool(labels["any"].search(before)) or (is_year and bool(labels["year"].search(before)))


def _from_post_comparator(text: str, m: re.Match[str]) -> tuple[str | None, tuple[int, int] | None]:
    """'từ 3 dự án đầu tư trở lên': a post comparator that closes a 'từ' quantity later in the clause;
    the comparator and its span (which is then cut out of the metric)."""
    if not m.group("from"):
        return None, None
    _, _, boundary = _patterns()
    stop = boundary.search(text, m.end())
    hi = stop.start() if stop else len(text)
    for start, end, comparator, _ in nlp.comparators(
            text, lambda start, end, position: position == "post" and m.end() <= start <= hi
            and "," not in text[m.end() : start]):
        return comparator, (start, end)
    return None, None


def _find_quantities(text: str) -> list[_Hit]:
    quantity, top, _ = _patterns()
    hits: list[_Hit] = []
    masked = mask_references(text)  # no quantity inside a reference to another document
    for m in quantity.finditer(masked):
        if _is_label(text, m):
            continue
        unit = _unit_canon()[m.group("unit").lower()]
        per = m.group("per").lower() if m.group("per") else None
        value = parse_number(m.group("n1"))
        value_max = parse_number(m.group("n2")) if m.group("n2") else None
        q_start, q_end = m.start("n1"), m.end()
        comp_post, post_end = _post_comparator(text, q_end)
        cut = None
        if not comp_post:
            comp_post, cut = _from_post_comparator(text, m)
        if value_max is not None:
            comparator, c_start = "between", m.start()
        elif comp_post:
            comparator, c_start = comp_post, m.start()
            q_end = post_end
        else:
            comp, c_start = _prefix_comparator(text, m.start())
            comparator = comp or "eq"
        hits.append(_Hit(q_start, q_end, comparator, value, value_max, unit, per, c_start, cut))
    for m in top.finditer(masked):
        hits.append(_Hit(m.start(), m.end(), "le", float(m.group("n1")), None, "hạng", None, m.start()))
    hits.sort(key=lambda h: h.q_start)
    return hits


def _drop_conditions(text: str, hits: list[_Hit]) -> list[_Hit]:
    """A non-percentage quantity after a percentage in the same clause qualifies that percentage's metric."""
    _, _, boundary = _patterns()
    kept: list[_Hit] = []
    for hit in hits:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and prev.unit == _PERCENT
            and hit.unit != _PERCENT
            and not boundary.search(text, prev.q_end, hit.c_start)
            and "," not in text[prev.q_end : hit.c_start]
        ):
            continue
        kept.append(hit)
    return kept


def _clause_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The clause around [lo, hi): from the last boundary before lo to the first after hi."""
    _, _, boundary = _patterns()
    start = 0
    for m in boundary.finditer(text, 0, lo):
        start = m.end()
    m = boundary.search(text, hi)
    return start, (m.start() if m else len(text))


def parse_targets(text: str) -> list[ParsedTarget]:
    """Every target in `text`, in order, with spans into `text`."""
    return list(_parse_targets(_number_words(text)))


_NUMBER_WORDS = {"một": "1", "hai": "2", "ba": "3", "bốn": "4", "năm": "5", "sáu": "6", "bảy": "7", "tám": "8",
                 "chín": "9", "mười": "10"}


@cache
def _number_word_pattern() -> re.Pattern[str]:
    units = _alternation(vocab.words("measure_units"))
    return re.compile(
        r"(?<![^\W\d_])(?P<cmp>ít nhất|tối thiểu|không dưới|không ít hơn|tối đa|không quá)\s+"
        rf"(?P<word>{'|'.join(_NUMBER_WORDS)})(?=\s+(?:{units})(?![^\W\d_]))", re.I)


def _number_words(text: str) -> str:
    """A count written in words after a comparator ("ít nhất hai lần", "tối thiểu ba người") as digits, padded to
    the word's length so that every offset stays where it was."""
    if not any(w in text for w in ("ít nhất", "tối thiểu", "không dưới", "không ít hơn", "tối đa", "không quá")):
        return text

    def digits(m: re.Match[str]) -> str:
        word = m.group("word")
        number = _NUMBER_WORDS[word.lower()]
        return m.group("cmp") + text[m.end("cmp"):m.start("word")] + number.ljust(len(word))

    return _number_word_pattern().sub(digits, text)


_A_YEAR_AFTER = re.compile(r"\s*(?:19|20)\d{2}(?!\d)")


def _drop_dates(text: str, hits: list[_Hit]) -> list[_Hit]:
    """"tháng 6 năm 2015": a month's number before "năm" and a year is a date, never a count of years."""
    return [h for h in hits if not (h.unit == "năm" and _A_YEAR_AFTER.match(text, h.q_end))]


@memo(256)  # a plan restates its objectives, often word for word: such a text is parsed once
def _parse_targets(text: str) -> tuple[ParsedTarget, ...]:
    hits = _coordinated(text, _drop_conditions(text, _drop_dates(text, _find_quantities(text))))
    out: list[ParsedTarget] = []
    prev_end = 0
    for i, hit in enumerate(hits):
        next_start = hits[i + 1].c_start if i + 1 < len(hits) else len(text)
        c_lo, c_hi = _clause_bounds(text, hit.c_start, hit.q_end)
        lo, hi = max(c_lo, prev_end), min(c_hi, next_start)
        # the metric after the quantity: for counted things it starts at the unit word
        m_after_start = hit.q_end
        if hit.unit not in _NON_COUNT and hit.per is None:
            unit_at = _unit_start(text, hit)
            m_after_start = unit_at if unit_at is not None else hit.q_end
        after = text[m_after_start:hi]
        after_words = after
        if hit.cut and m_after_start <= hit.cut[0] and hit.cut[1] <= hi:
            after_words = text[m_after_start : hit.cut[0]] + text[hit.cut[1] : hi]
        first_word = after.strip().split(" ", 1)[0].lower() if after.strip() else ""
        after_ok = (
            bool(after.strip())
            and (after[:1].isspace() or m_after_start < hit.q_end)
            and first_word not in _NOT_METRIC_START
            and first_word[:1].isalpha()
        )
        before = text[lo : hit.c_start]
        prefix_metric = _from_head(_strip_trailing_fillers(_strip_leading(before.strip())))
        if hit.unit == "hạng":
            after_ok = bool(after.strip())
        if prefix_metric and (_is_denominator(after) or (hit.per and hit.unit in _NON_COUNT)):
            # "… đạt 100% chỉ tiêu được giao": the base; "20 phút/lần giao dịch": the rate's denominator
            after_ok = False
        if after_ok and not _is_metric_head(prefix_metric):
            metric = _strip_trailing_fillers(_strip_leading(re.sub(r"\s+", " ", after_words).strip()))
            span_start = hit.c_start
            span_end = m_after_start + len(_cut_tail(after.rstrip()))
            span_end = _trim_end(text, span_start, span_end)
            action = "" if _states_itself(metric) else _action_before(before)
            if action:  # "Cung cấp dịch vụ công trực tuyến … đạt tối thiểu 90% TTHC của địa phương"
                metric = f"{action} {metric}"
                span_start = lo + max(0, before.rfind(action))
        elif prefix_metric:
            metric = prefix_metric
            span_start = lo + before.find(prefix_metric) if prefix_metric in before else lo
            span_end = hit.q_end
            base = _strip_trailing_fillers(re.sub(r"\s+", " ", after).strip())
            if (_is_denominator(after) and not _is_denominator_alone(base) and not _is_metric_head(prefix_metric)
                    and not base.lower().startswith("tổng")):
                # "Hoàn thành 100% kế hoạch đào tạo, bồi dưỡng": the base says what is done ("… 98% tổng số hồ
                # sơ": the whole a share is of, which the words before already name)
                metric = f"{prefix_metric} {base}"
                span_end = _trim_end(text, span_start, hit.q_end + len(after.rstrip()))
        else:
            # nothing in the clause: the metric is the next clause ("ít nhất 01 lần/tháng, tổ chức …")
            _, far = _clause_bounds(text, hit.q_end + 1, hit.q_end + 1)
            metric = _strip_trailing_fillers(_strip_leading(text[hit.q_end : min(far, next_start)].strip()))
            span_start, span_end = hit.c_start, hit.q_end
        metric = _restore_ellipsis(_cut_tail(metric), out[-1].metric if out else None)
        out.append(
            ParsedTarget(
                comparator=hit.comparator,
                value=hit.value,
                value_max=hit.value_max,
                unit=hit.unit,
                per=hit.per,
                metric=metric,
                start=span_start,
                end=span_end,
                q_start=hit.q_start,
                q_end=hit.q_end,
            )
        )
        prev_end = max(span_end, hit.q_end)
    return tuple(out)


_AND_THEN = re.compile(r"\s+và\s+$")  # a comma is too loose: "trên 90% …, 40% trong số đó …" is a share of a share


def _coordinated(text: str, hits: list[_Hit]) -> list[_Hit]:
    """"ít nhất 22 xã … trong năm 2025 và 59 xã … vào năm 2030": a quantity with no comparator of its own, joined by
    "và" to one of the same unit within its clause, shares that one's comparator; 100% is all, never
    more or less."""
    for k in range(1, len(hits)):
        prev, hit = hits[k - 1], hits[k]
        between = text[prev.q_end:hit.q_start]
        if (hit.comparator == "eq" and hit.c_start == hit.q_start and prev.comparator != "eq"
                and prev.c_start < prev.q_start and hit.unit == prev.unit and hit.value_max is None
                and len(between) <= 80 and not re.search(r"[.;:!?\n(]", between) and _AND_THEN.search(between)
                and not (hit.unit == "%" and hit.value >= 100)):  # "trên 80% … và 100% …": all, not above all
            hits[k] = replace(hit, comparator=prev.comparator)
    return hits


_LOCATIVE = re.compile(r"^(tại|ở|đối với|trong)\s", re.I)


def _restore_ellipsis(metric: str, previous: str | None) -> str:
    """'… đúng hạn tại A đạt 98% và tại B đạt 99%': the second metric borrows the first one's head."""
    m = _LOCATIVE.match(metric)
    if not m or not previous:
        return metric
    cut = re.search(rf"\s{re.escape(m.group(1).lower())}\s", previous.lower())
    return f"{previous[: cut.start()]} {metric}" if cut else metric


# a time phrase at a metric's edge says when, not what: "trong năm 2025 và đến hết năm 2030", "Đến năm 2030,"
_WHEN = (r"(?:(?:trong|vào|đến hết|đến|tới|hết|tính đến|từ nay đến|cuối)\s+)?(?:năm|giai đoạn|quý|tháng)\s+"
         r"(?:\d|[IV]+/)[\d\s/–-]*")
_TRAILING_WHEN = re.compile(rf"(?:\s*,?\s*(?:và\s+)?{_WHEN})+\s*$", re.I)
_DANGLING = re.compile(r"\s+(?:và|hoặc)\s*$", re.I)  # "số trạm y tế cấp xã và" (the next target follows)
_LEADING_WHEN = re.compile(rf"^\s*{_WHEN},?\s*", re.I)


@cache
def _stop_pattern() -> re.Pattern[str]:
    stops = _alternation(vocab.words("metric_stops"))
    return re.compile(rf"\s+(?:{stops})(?![^\W\d_])", re.I)


def _cut_tail(metric: str) -> str:
    """A metric ends before a purpose or a further duty ("… nhằm triển khai …") and without the time it is due by
    ("… “không ma túy” trong năm 2025 và đến hết năm 2030")."""
    m = _stop_pattern().search(metric)
    if m and m.start() > 0:
        metric = metric[: m.start()]
    cut = _DANGLING.sub("", _TRAILING_WHEN.sub("", _DANGLING.sub("", metric)))
    return _strip_trailing_fillers(cut) if cut.strip() else metric


@cache
def _predicate_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W\d_])(?:{_alternation(vocab.words('metric_predicates'))})(?![^\W\d_])", re.I)


def _states_itself(metric: str) -> bool:
    """The phrase after a quantity is a statement ("xã đạt chuẩn", "địa bàn không ma túy"), not a bare noun phrase
    ("TTHC của địa phương") that needs the act before the quantity to say what is measured."""
    return _predicate_pattern().search(metric) is not None


def _segment_starts(text: str) -> list[int]:
    """Where each segment of `text` starts, cut at its commas and semicolons, except the comma of a pair that is
    one word ("phòng, chống")."""
    words = lexicon()[0]
    starts = [0]
    for m in re.finditer(r"[,;]\s+", text):
        left, right = text[:m.start()].split(), text[m.end():].split()
        if left and right and canon(f"{left[-1]} {right[0]}".lower()) in words:
            continue
        starts.append(m.end())
    return starts


def _segments(text: str) -> list[str]:
    """`text` cut at its commas and semicolons (`_segment_starts`)."""
    starts = _segment_starts(text)
    return [text[a:b].rstrip(",; ") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _action_before(before: str) -> str:
    """The act a quantity is the object of, written before it without a comma between ("Duy trì thu nhận hồ sơ …
    cho 100% công dân …"): the last comma segment before the quantity ("phòng, chống" is one), cues and fillers
    ("phấn đấu đạt") and a leading time ("Đến năm 2030") removed. Empty when the quantity opens its own comma
    clause ("Năm 2026, phấn đấu 100% xã …"), or nothing but fillers stands before it."""
    t = _strip_trailing_fillers_keep_comma(before)
    if not t or t.endswith((",", ";")) or _is_metric_head(t):
        return ""
    t = _segments(t)[-1]
    t = _strip_leading(_LEADING_WHEN.sub("", _strip_leading(t.strip())))
    return t if re.search(r"[^\W\d_]{2,}", t) and not _is_metric_head(t) else ""


def _strip_trailing_fillers_keep_comma(text: str) -> str:
    """`text` without the fillers at its end, keeping a comma that then ends it."""
    t = text.rstrip()
    while True:
        shorter = _strip_one_filler(t)
        if shorter == t:
            return t
        t = shorter


def _unit_start(text: str, hit: _Hit) -> int | None:
    quantity, _, _ = _patterns()
    m = quantity.match(text, hit.q_start)
    return m.start("unit") if m else None


def _trim_end(text: str, start: int, end: int) -> int:
    metric = text[start:end]
    trimmed = _strip_trailing_fillers(metric)
    return start + len(trimmed)


def _is_denominator(after: str) -> bool:
    """Words after a quantity that name its base ("tổng số hồ sơ", "chỉ tiêu được giao", "kế hoạch")."""
    low = after.strip().lower()
    return any(low == d or low.startswith(d + " ") for d in vocab.words("metric_denominators"))


def _from_head(prefix: str) -> str:
    """A metric written before its quantity starts at its head when a comma segment opens with one ("nâng cao chất
    lượng tiếp nhận, giải quyết hồ sơ, phấn đấu tỷ lệ giải quyết đúng hạn đạt 98%": the duties before are not what
    is measured)."""
    starts = _segment_starts(prefix)
    for start in reversed(starts[1:]):
        rest = _strip_leading(prefix[start:].strip())
        if _is_metric_head(rest):
            return rest
    return prefix


def _is_denominator_alone(base: str) -> bool:
    """The base is a denominator word and nothing more ("kế hoạch", "chỉ tiêu được giao")."""
    return base.lower() in vocab.words("metric_denominators")


def _is_metric_head(prefix: str) -> bool:
    """A prefix that names what is measured ("Tỷ lệ hồ sơ …", "Kết quả giải quyết …"), not who acts."""
    low = prefix.lower()
    # the head alone ("tỷ lệ 100% văn bản …") says nothing: what follows the number is the metric then
    return any(low.startswith(h + " ") and not _word_goes_on(low, h) for h in vocab.words("metric_heads"))


def _word_goes_on(low: str, head: str) -> bool:
    """The head's syllable and the next are one word: "số" heads "số hồ sơ", not "số hóa" (to digitise)."""
    rest = low[len(head):].split()
    return bool(rest) and canon(f"{head} {rest[0]}") in lexicon()[0]


def parse_value_cell(cell: str) -> tuple[str, float, float | None] | None:
    """The value cell of an indicator table: '14-15', '> 1.650', '31/38', '0,2', '01', '≥ 95'."""
    s = cell.strip().replace(" ", "")
    m = re.fullmatch(rf"(?P<op>>=|<=|≥|≤|>|<)?(?P<n1>{NUMBER})(?:(?:-|–|—)(?P<n2>{NUMBER})|/(?P<d>\d+))?%?", s)
    if not m:
        return None
    op = {">": "gt", ">=": "ge", "≥": "ge", "<": "lt", "<=": "le", "≤": "le"}.get(m.group("op") or "", "eq")
    n1 = parse_number(m.group("n1"))
    if m.group("n2"):
        return "between", n1, parse_number(m.group("n2"))
    return op, n1, None


def canonical_unit(cell: str) -> str | None:
    """An ĐVT cell ('Tr.đồng/người', 'Tỷ đồng', 'Người') as a canonical unit, or None when unknown."""
    key = re.sub(r"\s+", " ", cell.strip().lower())
    canon = _unit_canon()
    if key in canon:
        return canon[key]
    key_nospace = key.replace(" ", "")
    for surface, unit in canon.items():
        if surface.replace(" ", "") == key_nospace:
            return unit
    return key or None
