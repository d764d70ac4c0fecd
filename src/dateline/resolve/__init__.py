"""Actor resolution: names, roles, metonyms, groups and pronouns in a parsed ``Doc`` -> actors.

``resolve_actors(doc, layout, kb, on, roles, cues)`` reads the entities the NLP stage found (the
knowledge-base ruler already put ``ent_id_`` on names it knows) and the role phrases of
``data/roles.json``, and decides which actor each refers to on the document's date ``on``:

1. names: exact and normalized knowledge-base match, then the surname of a person already
   named in full, then fuzzy/phonetic matching that is accepted only with supporting context
   (the actor named in full in the document, a title or country beside the name that fits);
   people and organizations still unknown become ``new:<slug>`` actors, merged by surname;
2. metonyms: a capital or seat ("Moscow", "the Kremlin") is the state only when it acts
   (subject, agent, possessor, "between Moscow and Beijing"), never when it is a place;
3. role phrases, counterparts, groups and pronouns, read in text order against the actors
   mentioned before them.

Modules, each a class of rules that ``resolver._Resolver`` composes over one ``state._State``:

- ``resolver``: the driver, ``run()``, the rules in order, and the records it returns;
- ``state``: the per-document state, every attribute set in its constructor;
- ``entities``: the NER's spans corrected (map legends, currencies, names a country opens);
- ``names``: exact, normalized, fuzzy and phonetic name matching, surnames, new people;
- ``organizations``: unknown organizations, outlets, and names that are no actor;
- ``places``: names used as places, capitals acting for their state, home country, datelines;
- ``titles``: titles before names, nationality from apposition, who holds an office;
- ``roles``: role phrases, state bodies, ministries, spokespeople, counterparts;
- ``groups``: lower-case group names, legislators, "the two presidents", group homes;
- ``coreference``: pronouns ("he", "his", "they") and the gender they reveal;
- ``rolenouns``: a singular role noun ("the suspect", "the gunman") that is a named person: by
  apposition, a copula or "identified/named as", or the one person arrested or charged before it;
- ``recovery``: names the small NER misses, cuts or mislabels (firms and titled people read as
  places, a title and name under a non-actor label, outlets tagged as places, names cut short);
- ``words``: the words and small helpers more than one module reads;
- ``cast``: the ``Cast`` handed on, with the facts quotes and events read instead of the
  knowledge base (each actor's entry, the state of each demonym and place name).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..kb import KnowledgeBase
from ..layout import Layout
from ..records import Cast
from ..resources import Cues, RoleVocabulary
from .cast import cast_of
from .resolver import _Resolver
from .words import slug

__all__ = ["cast_of", "resolve_actors", "slug"]


def resolve_actors(
    doc: Doc, layout: Layout, kb: KnowledgeBase, on: str | None, roles: RoleVocabulary, cues: Cues
) -> Cast:
    """Resolve every actor mention in ``doc`` at date ``on`` (ISO or None) to an actor: the document's cast."""
    resolver = _Resolver(doc, layout, kb, on, roles, cues)
    actors, mentions = resolver.run()
    return cast_of(doc, layout, kb, actors, mentions, incidental=resolver.unnamed)
