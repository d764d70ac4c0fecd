"""The explorer's FastAPI application: the JSON API under ``/api`` and the server-rendered pages.

Each request opens its own ``store.Reader`` (SQLite ``mode=ro``, ``query_only``), so the server
cannot write to the database; no request names a file. Errors are JSON ``{"error": {"code",
"message"}}`` under ``/api`` and an HTML page elsewhere, never a stack trace.
"""

from __future__ import annotations

import csv
import io
import logging
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DatelineError
from ..geo import Gazetteer, Placement
from ..records import ACTOR_KINDS, EVENT_STATUSES, PLOVER_TYPES, QUOTE_KINDS
from ..store import Reader
from .highlight import segments
from .queries import MAX_PAGE, ActorFilter, EventFilter, Explorer, Page, QuoteFilter
from .stories import NO_STORIES, linked, merged_event_days, merged_events, stories, story

HERE = Path(__file__).parent
log = logging.getLogger("dateline.web")

# Scripts, styles, images and data only from this server; nothing inline, nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
STATUS = {"E901": 400, "E902": 404, "E903": 404, "E904": 404, "E905": 404, "E906": 500}

class SecurityHeaders:
    """ASGI middleware adding the Content-Security-Policy and its companions to every response."""

    HEADERS = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class Resources:
    """What the app loads once, lazily: the gazetteer and the knowledge base."""

    def __init__(self, kb_files: Sequence[str] = ()):
        self.kb_files = tuple(kb_files)
        self._lock = threading.Lock()
        self._gazetteer: Gazetteer | None = None
        self._kb: Any = None

    @property
    def gazetteer(self) -> Gazetteer:
        with self._lock:
            if self._gazetteer is None:
                self._gazetteer = Gazetteer()
            return self._gazetteer

    @property
    def kb(self) -> Any:
        with self._lock:
            if self._kb is None:
                from ..kb import load_kb

                self._kb = load_kb(self.kb_files)
            return self._kb


def create_app(db_path: str | Path, *, kb_files: Sequence[str] = ()) -> FastAPI:
    """The explorer over the database file ``db_path``; raises E601/E501/E502/E506 if it cannot be read."""
    path = str(db_path)
    if not Path(path).is_file():
        raise DatelineError("E601", f"{path}: no such database (create it with `dateline ingest PATH --db {path}`)")
    Reader(path).close()  # fail now, not on the first request, when the file is not a readable database
    resources = Resources(kb_files)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        PLOVER_TYPES=PLOVER_TYPES, EVENT_STATUSES=EVENT_STATUSES, QUOTE_KINDS=QUOTE_KINDS, ACTOR_KINDS=ACTOR_KINDS,
        database=Path(path).name,
    )
    templates.env.filters["query"] = lambda params, **more: urlencode(
        {k: v for k, v in {**params, **more}.items() if v not in (None, "")}
    )

    app = FastAPI(
        title="dateline explorer",
        description="Documents, events, actors, quotes and stories that dateline found, read-only.",
        version="1",
        docs_url=None,  # the interactive docs load their scripts from a CDN: only /openapi.json is served
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # One read-only connection per worker thread (an SQLite connection stays in the thread that made it),
    # opened on its first request and kept: each query still reads the database as it is then.
    connections = threading.local()

    @contextmanager
    def explorer() -> Iterator[Explorer]:
        reader = getattr(connections, "reader", None)
        if reader is None:
            reader = connections.reader = Reader(path)
        yield Explorer(reader)

    app.add_middleware(SecurityHeaders)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api") or request.url.path == "/openapi.json"

    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"code": code, "message": message, "status": status}, status_code=status
        )

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, err: DatelineError):
        return error_response(request, STATUS.get(err.code, 500), err.code, err.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, err: RequestValidationError):
        problems = []
        for error in err.errors():
            where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
            if error.get("type") == "missing":
                problems.append(f"{where}: required")
            else:
                problems.append(f"{where}={error.get('input')!r}: {error.get('msg', 'invalid')}")
        return error_response(request, 400, "E901", "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        if err.status_code == 404:
            return error_response(request, 404, "E904", f"{request.url.path}: no such page")
        return error_response(request, err.status_code, "E904" if err.status_code < 500 else "E906", str(err.detail))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, err: Exception):
        log.exception("internal error on %s", request.url.path)
        response = error_response(request, 500, "E906", "internal error in the explorer (please report it with the request)")
        # Starlette answers this outside the middleware stack: the headers are added here
        for name, value in SecurityHeaders.HEADERS:
            response.headers[name.decode()] = value.decode()
        return response

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/stats", tags=["overview"], summary="Counts and breakdowns")
    def api_stats() -> dict[str, Any]:
        with explorer() as ex:
            stats = ex.reader.stats()
            stats["linked"] = linked(ex)
            return stats

    def timeline(ex: Explorer) -> list[dict[str, Any]]:
        """Events per day and type: merged events where the link stage has run, else each document's."""
        return merged_event_days(ex) if linked(ex) else ex.event_days()

    @app.get("/api/timeline", tags=["overview"],
             summary="Events per day and type (dated to the day; merged events where the link stage has run)")
    def api_timeline() -> list[dict[str, Any]]:
        with explorer() as ex:
            return timeline(ex)

    @app.get("/api/documents", tags=["documents"], summary="Documents (id, source, title, published, counts)")
    def api_documents(
        q: str | None = Query(None, description="Full-text query over title and text"),
        limit: int = Query(50, description=f"Rows per page (1 to {MAX_PAGE})"),
        offset: int = 0,
        format: str = Query("json", pattern="^(json|csv)$", description="csv: every matching row, no cap"),
    ):
        with explorer() as ex:
            if format == "csv":
                return csv_download("documents", (flat(r) for r in ex.documents(q, None).items),
                                    ["id", "source", "title", "published.date", "published.how", "published.confidence",
                                     "dateline.place", "dateline.agency", "outlet", "url", "counts.actors",
                                     "counts.events", "counts.quotes", "counts.times"])
            return ex.documents(q, limit, offset).as_dict()

    @app.get("/api/documents/{doc_id}", tags=["documents"], summary="One document: its full output-contract record")
    def api_document(doc_id: str) -> dict[str, Any]:
        with explorer() as ex:
            return ex.record(doc_id)

    merged_columns = ["id", "type", "source", "target", "date", "location", "status", "independent_sources",
                      "mentions", "documents", "disputed"]
    event_columns = ["id", "doc_id", "type", "mode", "cameo", "source", "target", "date.start", "date.end",
                     "location.name", "location.country", "status", "confidence", "independent_sources",
                     "evidence.text", "document.source", "document.published"]

    @app.get("/api/events", tags=["events"], summary="Events, filtered and paginated (CSV: every row)")
    def api_events(
        actor: str | None = Query(None, description="Actor id or name (contains) on either side"),
        type: str | None = Query(None, description="PLOVER type: " + ", ".join(PLOVER_TYPES)),
        status: str | None = Query(None, description="One of " + ", ".join(EVENT_STATUSES)),
        since: str | None = Query(None, description="Events ending on or after this date (YYYY[-MM[-DD]])"),
        until: str | None = Query(None, description="Events starting on or before this date (YYYY[-MM[-DD]])"),
        min_sources: int | None = Query(None, description="Minimum independent sources"),
        min_confidence: float | None = Query(None, description="Minimum confidence (0 to 1)"),
        q: str | None = Query(None, description="Words in the evidence sentence"),
        place: str | None = Query(None, description="Location name, exactly"),
        doc: str | None = Query(None, description="Only this document's events"),
        per_document: bool = Query(False, description="Each document's events even where the link stage merged them"),
        limit: int = Query(50, description=f"Rows per page (1 to {MAX_PAGE})"),
        offset: int = 0,
        format: str = Query("json", pattern="^(json|csv)$", description="csv: every matching row, no cap"),
    ):
        """Merged events (``merged: true``: mentions and independent sources) where the link stage has run,
        else each document's events (``merged: false``)."""
        f = EventFilter(actor, type, status, since, until, min_sources, min_confidence, q, place, doc)
        with explorer() as ex:
            if linked(ex) and not per_document:
                if format == "csv":
                    rows = (merged_csv_row(e) for e in merged_events(ex, f, None).items)
                    return csv_download("events", rows, merged_columns)
                return merged_events(ex, f, limit, offset).as_dict(merged=True)
            if format == "csv":
                return csv_download("events", (flat(e) for e in ex.iter_events(f)), event_columns)
            return ex.events(f, limit, offset).as_dict(merged=False)

    @app.get("/api/actors", tags=["actors"], summary="Actors with their counts as source, target and speaker")
    def api_actors(
        q: str | None = Query(None, description="Id or name contains"),
        kind: str | None = Query(None, description="One of " + ", ".join(ACTOR_KINDS)),
        country: str | None = Query(None, description="ISO 3166 alpha-3 code"),
        limit: int = Query(50, description=f"Rows per page (1 to {MAX_PAGE})"),
        offset: int = 0,
        format: str = Query("json", pattern="^(json|csv)$", description="csv: every matching row, no cap"),
    ):
        f = ActorFilter(q, kind, country)
        with explorer() as ex:
            if format == "csv":
                return csv_download("actors", ex.iter_actors(f), ["id", "name", "kind", "country", "documents",
                                                                  "mentions", "events_as_source",
                                                                  "events_as_target", "quotes"])
            return ex.actors(f, limit, offset).as_dict()

    @app.get("/api/actors/{actor_id}", tags=["actors"],
             summary="One actor: identity, dated roles, counts, events by month, the actors it acts on and is acted on by")
    def api_actor(actor_id: str) -> dict[str, Any]:
        with explorer() as ex:
            return actor_view(ex, actor_id)

    quote_columns = ["id", "doc_id", "index", "speaker.id", "speaker.name", "kind", "cue", "text",
                     "document_source", "published_date"]

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes, filtered by speaker and text (CSV: every row)")
    def api_quotes(
        speaker: str | None = Query(None, description="Speaker id or name (contains)"),
        q: str | None = Query(None, description="Full-text query over the quote"),
        kind: str | None = Query(None, description="One of " + ", ".join(QUOTE_KINDS)),
        doc: str | None = Query(None, description="Only this document's quotes"),
        limit: int = Query(50, description=f"Rows per page (1 to {MAX_PAGE})"),
        offset: int = 0,
        format: str = Query("json", pattern="^(json|csv)$", description="csv: every matching row, no cap"),
    ):
        f = QuoteFilter(speaker, q, kind, doc)
        with explorer() as ex:
            if format == "csv":
                return csv_download("quotes", (flat(r) for r in ex.iter_quotes(f)), quote_columns)
            return ex.quotes(f, limit, offset).as_dict()

    @app.get("/api/stories", tags=["stories"], summary="Stories (documents about one happening), from the link stage")
    def api_stories(limit: int = Query(50, description=f"Rows per page (1 to {MAX_PAGE})"), offset: int = 0):
        with explorer() as ex:
            if not linked(ex):
                check_page_args(limit, offset)
                return {"items": [], "total": 0, "limit": limit, "offset": offset, "linked": False,
                        "message": NO_STORIES}
            return stories(ex, limit, offset).as_dict(linked=True)

    @app.get("/api/stories/{story_id}", tags=["stories"],
             summary="One story: its documents (copies and rewrites marked), merged events and their sources")
    def api_story(story_id: str) -> dict[str, Any]:
        with explorer() as ex:
            return story(ex, story_id)

    @app.get("/api/search", tags=["search"], summary="Full-text search over documents and quotes")
    def api_search(q: str = Query(..., description="Words (all required), \"a phrase\", word*, OR"),
                   limit: int = Query(20, description=f"Hits (1 to {MAX_PAGE})")) -> dict[str, Any]:
        if not 1 <= limit <= MAX_PAGE:
            raise DatelineError("E901", f"limit={limit!r}: a number from 1 to {MAX_PAGE}")
        with explorer() as ex:
            hits = ex.reader.search(q, limit, mark=("\x02", "\x03"))
        return {"items": [hit_item(h) for h in hits], "total": len(hits), "limit": limit, "offset": 0}

    @app.get("/api/places", tags=["events"], summary="Event locations with coordinates from the offline gazetteer")
    def api_places() -> dict[str, Any]:
        with explorer() as ex:
            return places_view(ex, resources.gazetteer)

    # ------------------------------------------------------------------ pages

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request):
        with explorer() as ex:
            stats = ex.reader.stats()
            return page(request, "dashboard.html", stats=stats, days=timeline(ex),
                        top=ex.actors(ActorFilter(), 12).items, documents=ex.documents(None, 8).items,
                        linked=linked(ex), latest=stories(ex, 6, latest=True).items, no_stories=NO_STORIES)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request, actor: str | None = None, type: str | None = None, status: str | None = None,
        since: str | None = None, until: str | None = None, min_sources: str | None = None,
        min_confidence: str | None = None, q: str | None = None, place: str | None = None, doc: str | None = None,
        per_document: bool = False, limit: int = 50, offset: int = 0,
    ):
        f = EventFilter(actor or None, type or None, status or None, since or None, until or None,
                        number(min_sources, int, "min_sources"), number(min_confidence, float, "min_confidence"),
                        q or None, place or None, doc or None)
        params = {**f.params(), **({"per_document": "true"} if per_document else {})}
        with explorer() as ex:
            merged = linked(ex) and not per_document
            result = merged_events(ex, f, limit, offset) if merged else ex.events(f, limit, offset)
            can_merge = linked(ex)
        return page(request, "events.html", page=result, filters=params, pages=pager(result, params), merged=merged,
                    can_merge=can_merge)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, q: str | None = None, limit: int = 50, offset: int = 0):
        with explorer() as ex:
            result = ex.documents(q or None, limit, offset)
        params = {"q": q} if q else {}
        return page(request, "documents.html", page=result, filters=params, pages=pager(result, params))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str):
        with explorer() as ex:
            record = ex.record(doc_id)
            meta = ex.document_meta(doc_id)
        names = {a["id"]: a["name"] for a in record["actors"]}
        return page(request, "document.html", record=record, meta=meta, segments=segments(record), names=names)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request, q: str | None = None, kind: str | None = None, country: str | None = None,
                    limit: int = 50, offset: int = 0):
        f = ActorFilter(q or None, kind or None, country or None)
        with explorer() as ex:
            result = ex.actors(f, limit, offset)
        return page(request, "actors.html", page=result, filters=f.params(), pages=pager(result, f.params()))

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: str):
        with explorer() as ex:
            actor = actor_view(ex, actor_id)
            events = ex.events(EventFilter(actor=actor_id), 100)
            said = ex.quotes(QuoteFilter(speaker=actor_id), 100)
        # only the actor's own events: the actor filter also matches ids containing this one
        events_items = [e for e in events.items if actor_id in {a["id"] for a in e["source"] + e["target"]}]
        said_items = [q for q in said.items if q["speaker"]["id"] == actor_id]
        return page(request, "actor.html", actor=actor, events=events_items, quotes=said_items,
                    network=network(actor))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: str | None = None, q: str | None = None, kind: str | None = None,
                    limit: int = 50, offset: int = 0):
        f = QuoteFilter(speaker or None, q or None, kind or None)
        with explorer() as ex:
            result = ex.quotes(f, limit, offset)
        return page(request, "quotes.html", page=result, filters=f.params(), pages=pager(result, f.params()))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, limit: int = 50, offset: int = 0):
        with explorer() as ex:
            is_linked = linked(ex)
            result = stories(ex, limit, offset)
        return page(request, "stories.html", linked=is_linked, no_stories=NO_STORIES, page=result,
                    pages=pager(result, {}))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str):
        with explorer() as ex:
            found = story(ex, story_id)
        return page(request, "story.html", story=found)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request):
        with explorer() as ex:
            places = places_view(ex, resources.gazetteer)
        return page(request, "map.html", places=places)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str | None = None):
        hits = []
        if q:
            with explorer() as ex:
                hits = [hit_item(h) for h in ex.reader.search(q, 50, mark=("\x02", "\x03"))]
        return page(request, "search.html", q=q or "", hits=hits)

    @app.get("/licences", response_class=HTMLResponse, include_in_schema=False)
    def licences_page(request: Request):
        import json

        manifest = HERE / "static" / "vendor" / "manifest.json"
        libraries = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        return page(request, "licences.html", libraries=libraries)

    def actor_view(ex: Explorer, actor_id: str) -> dict[str, Any]:
        actor = ex.actor(actor_id)
        known = resources.kb.get(actor_id)
        actor["knowledge_base"] = None if known is None else {
            "name": known.name, "aliases": list(known.aliases), "wikidata": known.wikidata, "type": known.type,
            "roles": [{"office": r.office, "title": r.title, "of": r.of, "start": r.start, "end": r.end}
                      for r in known.roles],
        }
        return actor

    return app


def check_page_args(limit: int, offset: int) -> None:
    """E901 for a page outside 1..MAX_PAGE rows or a negative offset (see ``queries.check_page``)."""
    from .queries import check_page

    check_page(limit, offset)


def merged_csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """A merged event as one CSV row: its sides, how many mentions, which documents, what is disputed."""
    sides = lambda side: "; ".join(f"{a['name']} ({a['id']})" for a in event.get(side) or ())  # noqa: E731
    return {**event, "source": sides("source"), "target": sides("target"),
            "mentions": len(event.get("mentions") or ()),
            "documents": "; ".join(m["doc"] for m in event.get("mentions") or ()),
            "disputed": "; ".join(f"{d.get('doc')}: {d.get('why')}" for d in event.get("disputed") or ())}


def number(value: str | None, kind: type, name: str) -> Any:
    """A form field that may be empty, as a number; E901 when it is not one."""
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except ValueError:
        raise DatelineError("E901", f"{name}={value!r}: a number") from None


def pager(page: Page, params: dict[str, Any]) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the filters."""
    limit = page.limit or 50
    previous = max(page.offset - limit, 0) if page.offset > 0 else None
    following = page.offset + limit if page.offset + limit < page.total else None
    return {
        "previous": None if previous is None else urlencode({**params, "offset": previous, "limit": limit}),
        "next": None if following is None else urlencode({**params, "offset": following, "limit": limit}),
        "first": page.offset + 1 if page.items else 0,
        "last": page.offset + len(page.items),
    }


def hit_item(hit: Any) -> dict[str, Any]:
    """A search hit; its snippet as parts, the matching words flagged, for the page to escape and mark."""
    parts, plain = [], []
    for i, piece in enumerate(hit.snippet.replace("\x03", "\x02").split("\x02")):
        if piece:
            parts.append({"text": piece, "match": i % 2 == 1})
            plain.append(piece)
    return {"kind": hit.kind, "doc_id": hit.doc_id, "source": hit.source, "title": hit.title,
            "snippet": "".join(plain), "parts": parts, "score": hit.score, "quote_id": hit.quote_id,
            "quote_index": hit.quote_index, "speaker_name": hit.speaker_name}


def places_view(ex: Explorer, gazetteer: Gazetteer) -> dict[str, Any]:
    """Event locations: those the gazetteer places (with coordinates) and those it cannot.

    Each document's places are looked up with its own countries (``Gazetteer.locate_event``, as the exports
    do), so one name may be placed in two countries by two articles. Where the link stage has run, each
    merged event counts once, at the place its first report that names one is given.
    """
    contexts: dict[str, tuple[str, ...]] = {}
    found: dict[tuple[str, str], Placement | None] = {}
    rows = ex.document_places()
    for row in rows:
        doc = row["doc_id"]
        if doc not in contexts:
            contexts[doc] = gazetteer.document_context(row["dateline_place"], row["place_countries"], row["actors"])
        found[(doc, row["name"])] = gazetteer.locate_event(row["name"], row["country"], contexts[doc])
    places: dict[tuple, dict[str, Any]] = {}

    def count(name: str, country: str | None, placement: Placement | None, events: int, first, last) -> None:
        key = (name, placement.geonames_id, placement.name, placement.country) if placement else (name, None, None, country)
        place = places.setdefault(key, {"name": name, "country": placement.country if placement else country,
                                        "events": 0, "first": None, "last": None, "placement": placement})
        place["events"] += events
        place["first"] = min(filter(None, (place["first"], first)), default=None)
        place["last"] = max(filter(None, (place["last"], last)), default=None)

    if linked(ex):
        countries = {(row["doc_id"], row["name"]): row["country"] for row in rows}
        for event in ex.reader.merged_events():
            if not event.location:
                continue
            docs = [m.doc_id for m in event.mentions if (m.doc_id, event.location) in found]
            placement = next((found[(d, event.location)] for d in docs if found[(d, event.location)]), None)
            day = (event.date or "").split("/")[0] or None
            count(event.location, countries.get((docs[0], event.location)) if docs else None, placement, 1, day, day)
    else:
        for row in rows:
            count(row["name"], row["country"], found[(row["doc_id"], row["name"])], row["events"], row["first"], row["last"])
    placed, unplaced = [], []
    for place in sorted(places.values(), key=lambda p: (-p["events"], p["name"])):
        where = place.pop("placement")
        if where is None:
            unplaced.append(place)
        else:
            placed.append({**place, "latitude": where.latitude, "longitude": where.longitude, "precision": where.precision,
                           "gazetteer_name": where.name, "geonames_id": where.geonames_id, "basis": where.basis})
    return {"items": placed, "unplaced": unplaced, "total": len(placed)}


def network(actor: dict[str, Any]) -> dict[str, Any]:
    """The actor's network for the page: nodes and directed edges weighted by events."""
    nodes = {actor["id"]: {"id": actor["id"], "name": actor["name"], "focus": True}}
    edges = []
    for partner in actor["acts_on"]:
        nodes.setdefault(partner["id"], {"id": partner["id"], "name": partner["name"], "focus": False})
        edges.append({"source": actor["id"], "target": partner["id"], "events": partner["events"]})
    for partner in actor["acted_on_by"]:
        nodes.setdefault(partner["id"], {"id": partner["id"], "name": partner["name"], "focus": False})
        edges.append({"source": partner["id"], "target": actor["id"], "events": partner["events"]})
    return {"nodes": list(nodes.values()), "edges": edges}


def flat(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested API items as one level of dotted keys; actor lists as "name (id); ..." for CSV."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        name = prefix + key
        if isinstance(value, dict):
            out.update(flat(value, name + "."))
        elif isinstance(value, list):
            out[name] = "; ".join(f"{v['name']} ({v['id']})" if isinstance(v, dict) else str(v) for v in value)
        else:
            out[name] = value
    return out


def csv_download(name: str, rows: Iterable[dict[str, Any]], columns: list[str]) -> Response:
    """Every row as UTF-8 CSV with a header, spooled to disk past a megabyte (no cap, bounded memory).

    Cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe so that a spreadsheet
    does not run them as formulas.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+b")
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    text.flush()
    text.detach()
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := spool.read(1 << 16):
                yield chunk
        finally:
            spool.close()

    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
