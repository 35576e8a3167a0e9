"""`mtcl serve`: the read-only API, talked to over a real socket on 127.0.0.1."""

from __future__ import annotations

import http.client
import inspect
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn

from mtcl.serve import SCHEMA_FILE, create_app, make_config, run


@pytest.fixture(scope="module")
def base_url(samples_output: Path) -> Iterator[str]:
    config = uvicorn.Config(create_app(samples_output), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    assert host == "127.0.0.1"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive()


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10, trust_env=False) as c:
        yield c


def _files(out: Path) -> dict[str, Path]:
    return {p.stem: p for p in (out / "json").glob("*.json")}


def test_decisions_pagination(client: httpx.Client, samples_output: Path) -> None:
    files = _files(samples_output)
    r = client.get("/decisions")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(files) == 5
    assert body["offset"] == 0 and body["limit"] == 50
    assert {i["doc_id"] for i in body["items"]} == set(files)
    first = body["items"][0]
    assert set(first) >= {"doc_id", "path", "doc_type", "issuer", "year", "decision_number", "issued_on", "title"}
    assert first["counts"]["targets"] >= 0
    page = client.get("/decisions", params={"offset": 1, "limit": 2}).json()
    assert page["total"] == 5 and [i["doc_id"] for i in page["items"]] == [i["doc_id"] for i in body["items"][1:3]]
    assert client.get("/decisions", params={"offset": 10}).json()["items"] == []
    assert client.get("/decisions", params={"limit": 500}).status_code == 200
    for bad in ({"limit": 10000}, {"limit": 0}, {"offset": -1}):
        assert client.get("/decisions", params=bad).status_code == 422


def test_decision_round_trip(client: httpx.Client, samples_output: Path) -> None:
    for doc_id, path in _files(samples_output).items():
        r = client.get(f"/decisions/{doc_id}")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/json")
        body = r.json()
        # the file's reading, and the files the decision was read from (here one each: no duplicates)
        assert body.pop("duplicate_group") is None
        assert body.pop("renderings") == [{"doc_id": doc_id, "path": body["source"]["path"],
                                           "format": body["source"]["format"], "ocr": False, "reason": None}]
        assert body == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "path",
    [
        "/decisions/../../etc/passwd",
        "/decisions/%2e%2e%2fetc%2fpasswd",
        "/decisions/..%2f..%2fetc%2fpasswd",
        "/decisions/%2e%2e%2f%2e%2e%2fjson%2f0123456789abcdef",
        "/decisions/0123456789abcdef",
        "/decisions/0123456789ABCDEF",
        "/decisions/passwd",
    ],
)
def test_bad_ids_are_404(base_url: str, path: str) -> None:
    # http.client sends the request target as written; httpx would remove the dot segments before sending.
    url = httpx.URL(base_url)
    conn = http.client.HTTPConnection(url.host, url.port, timeout=10)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read().decode("utf-8", "replace")
    finally:
        conn.close()
    assert r.status == 404
    assert "root:" not in body


def test_targets_filters(client: httpx.Client, samples_output: Path) -> None:
    everything = client.get("/targets", params={"limit": 500}).json()
    assert everything["total"] > 0 and len(everything["items"]) == min(everything["total"], 500)
    item = everything["items"][0]
    assert set(item) >= {"doc_id", "objective_id", "locality", "level", "year", "metric", "comparator", "value", "unit"}

    sat = client.get("/targets", params={"indicator": "satisfaction_rate", "limit": 500}).json()
    assert sat["total"] > 0
    assert {i["indicator"] for i in sat["items"]} == {"satisfaction_rate"}

    year = next(i["year"] for i in everything["items"] if i["year"] is not None)
    by_year = client.get("/targets", params={"year": year, "limit": 500}).json()
    assert by_year["total"] > 0 and {i["year"] for i in by_year["items"]} == {year}
    assert client.get("/targets", params={"year": 1901}).json()["total"] == 0

    loc = next(i for i in everything["items"] if i["locality"])
    by_loc = client.get("/targets", params={"locality": loc["locality"].upper(), "limit": 500}).json()
    assert by_loc["total"] > 0 and {i["locality"] for i in by_loc["items"]} == {loc["locality"]}
    if loc["level"]:
        both = client.get("/targets", params={"locality": loc["locality"], "level": loc["level"]}).json()
        assert both["total"] == by_loc["total"]
    assert client.get("/targets", params={"level": "planet"}).status_code == 422
    assert client.get("/targets", params={"limit": 10000}).status_code == 422


def test_bad_year_is_422(client: httpx.Client) -> None:
    r = client.get("/targets", params={"year": "abc"})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["query", "year"]
    assert "integer" in detail[0]["msg"]


def test_indicators(client: httpx.Client) -> None:
    body = client.get("/indicators").json()
    codes = {i["code"]: i for i in body["items"]}
    assert "satisfaction_rate" in codes and codes["satisfaction_rate"]["unit"] == "%"
    sat = client.get("/targets", params={"indicator": "satisfaction_rate"}).json()["total"]
    assert codes["satisfaction_rate"]["targets"] == sat
    assert body["total_targets"] == sum(i["targets"] for i in body["items"]) + body["uncoded_targets"]


def test_schema_and_openapi(client: httpx.Client) -> None:
    r = client.get("/schema")
    assert r.status_code == 200 and r.json() == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/decisions", "/decisions/{doc_id}", "/targets", "/indicators", "/schema"} <= set(paths)


def test_binds_localhost_by_default(samples_output: Path) -> None:
    assert inspect.signature(run).parameters["host"].default == "127.0.0.1"
    assert make_config(samples_output).host == "127.0.0.1"


def test_read_only_methods(client: httpx.Client) -> None:
    assert client.post("/decisions").status_code == 405
    assert client.delete("/schema").status_code == 405


def test_burst_of_requests(client: httpx.Client, samples_output: Path) -> None:
    ids = sorted(_files(samples_output))
    paths = ["/decisions", "/targets?limit=5", "/indicators", *(f"/decisions/{i}" for i in ids)]

    def get(n: int) -> int:
        return client.get(paths[n % len(paths)]).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(get, range(1000)))
    assert len(codes) == 1000 and set(codes) == {200}


def test_decisions_filters(client: httpx.Client) -> None:
    every = client.get("/decisions").json()["items"]
    for field, value in (("year", 2022), ("locality", "Hạ Long"), ("province", "Hải Phòng"), ("level", "phuong"),
                         ("doc_type", "mtcl_decision")):
        def holds(s: dict, field: str = field, value: object = value) -> bool:
            return (s["issuer"].get(field) if field in ("locality", "province", "level") else s[field]) == value

        want = sorted(s["doc_id"] for s in every if holds(s))
        got = client.get("/decisions", params={field: value}).json()
        assert want and sorted(i["doc_id"] for i in got["items"]) == want and got["total"] == len(want), field
    assert client.get("/decisions", params={"year": 2022, "level": "xa"}).json()["total"] == 0
    assert client.get("/decisions", params={"doc_type": "memo"}).status_code == 422


def test_unknown_parameters_are_422(client: httpx.Client) -> None:
    for path, params in (("/decisions", {"yaer": 2022}), ("/targets", {"indicatr": "x"}), ("/indicators", {"a": 1})):
        r = client.get(path, params=params)
        assert r.status_code == 422, path
        assert r.json()["detail"][0]["loc"] == ["query", next(iter(params))]


def test_unknown_indicator_is_422_with_the_codes(client: httpx.Client) -> None:
    r = client.get("/targets", params={"indicator": "satisfaction"})
    assert r.status_code == 422
    body = r.json()
    assert "satisfaction" in body["detail"] and "satisfaction_rate" in body["codes"] and len(body["codes"]) > 20


def test_locality_ignores_case_form_and_missing_marks(client: httpx.Client) -> None:
    import unicodedata

    base = client.get("/targets", params={"locality": "Hạ Long", "limit": 500}).json()["total"]
    assert base > 0
    for query in ("ha long", "HẠ LONG", unicodedata.normalize("NFD", "Hạ Long"), " Hạ  Long "):
        assert client.get("/targets", params={"locality": query, "limit": 500}).json()["total"] == base, query
        assert client.get("/decisions", params={"locality": query}).json()["total"] == 1, query
    assert client.get("/targets", params={"locality": "Hà Long"}).json()["total"] == 0  # other marks: other place


def test_pagination_links(client: httpx.Client) -> None:
    first = client.get("/targets", params={"indicator": "satisfaction_rate", "limit": 2}).json()
    assert first["total"] > 2 and first["links"]["prev"] is None
    seen, page = [], first
    while True:
        seen += [(i["doc_id"], i["objective_id"], i["target_no"]) for i in page["items"]]
        if page["links"]["next"] is None:
            break
        assert "indicator=satisfaction_rate" in page["links"]["next"]
        page = client.get(page["links"]["next"]).json()
    assert len(seen) == len(set(seen)) == first["total"]
    assert client.get(first["links"]["last"]).json()["items"][-1] == page["items"][-1]


def test_openapi_models_every_route_and_documents_the_404(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        ok = ops["get"]["responses"]["200"]["content"]
        assert any("schema" in c and c["schema"] for c in ok.values()), path
    assert spec["paths"]["/decisions/{doc_id}"]["get"]["responses"]["404"]["content"]["application/json"]["schema"]
    assert {"Decision", "DecisionSummary", "TargetRow", "IndicatorList", "NotFound", "UnknownIndicator"} <= set(
        spec["components"]["schemas"])
    page = spec["components"]["schemas"]["Page_DecisionSummary_"]["properties"]
    assert {"total", "offset", "limit", "items", "links"} <= set(page)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is installed by scripts/system-deps.sh")
def test_docs_work_offline(base_url: str, client: httpx.Client, tmp_path: Path) -> None:
    page = client.get("/docs").text
    assert not re.search(r"(?:src|href)=[\"']https?://", page)  # nothing from a CDN
    # Chromium, kept off every network but this machine's, draws the operations from the local assets
    args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=10000", "--dump-dom", f"{base_url}/docs"]
    dom = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False).stdout
    assert 'class="swagger-ui' in dom and "opblock-summary-path" in dom
    for path in ("/decisions", "/targets", "/indicators"):
        assert f'data-path="{path}"' in dom, path
