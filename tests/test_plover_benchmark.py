"""How the PLOVER benchmark codes an actor: by the office a person acts in, as CAMEO does."""

from __future__ import annotations

from dateline.benchmarks.plover import _actor_code
from dateline.kb import KnowledgeBase, parse_actor


def kb() -> KnowledgeBase:
    return KnowledgeBase(parse_actor(raw) for raw in [
        {"id": "GHA", "kind": "country", "name": "Ghana"},
        {"id": "org:un", "kind": "organization", "name": "United Nations", "type": "igo"},
        {"id": "kofi", "kind": "person", "name": "Kofi Annan", "country": "GHA",
         "roles": [{"office": "secretary_general", "of": "org:un", "start": "1997-01-01", "end": "2006-12-31"}]},
        {"id": "nana", "kind": "person", "name": "Nana Akufo-Addo", "country": "GHA",
         "roles": [{"office": "head_of_state", "of": "GHA", "start": "2017-01-07", "end": "2025-01-07"},
                   {"office": "chair", "of": "org:un", "start": "2020-01-01", "end": "2020-12-31"}]},
    ])


def test_a_person_in_an_international_office_is_coded_igo():
    assert _actor_code("kofi", {}, kb(), "2000-01-01") == "IGO"


def test_out_of_that_office_the_person_has_their_country():
    assert _actor_code("kofi", {}, kb(), "2010-01-01") == "GHA"


def test_a_state_office_held_at_the_same_time_wins():
    assert _actor_code("nana", {}, kb(), "2020-06-01") == "GHA"
