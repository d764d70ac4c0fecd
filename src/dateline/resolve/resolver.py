"""The driver: the resolver composed of every module's rules over one state, run in order."""

from __future__ import annotations

from spacy.tokens import Doc

from ..kb import KnowledgeBase
from ..layout import Layout
from ..records import Actor, Mention
from ..resources import Cues, RoleVocabulary
from .coreference import _Coreference
from .entities import _Entities
from .groups import _Groups
from .names import _Names
from .organizations import _Organizations
from .places import _Places
from .recovery import _Recovery
from .rolenouns import _RoleNouns
from .roles import _Roles
from .state import _State
from .titles import _Titles
from .words import slug

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})


class _Resolver(_State, _Entities, _Names, _Organizations, _Places, _Titles, _Roles, _Groups, _Coreference,
                _RoleNouns, _Recovery):
    """Resolves one document's actors: every rule module's methods over one ``_State``."""

    def __init__(
        self, doc: Doc, layout: Layout, kb: KnowledgeBase, on: str | None, roles: RoleVocabulary, cues: Cues
    ) -> None:
        super().__init__(doc, layout, kb, on, roles, cues)
        # The entities as the article names them, then what they settle before any rule runs.
        self.ents = self._extend_cut_names(self._article_ents(list(doc.ents)))
        self.ent_of = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self.home = self._home_country()
        self.named_in_full = {e.ent_id_ for e in self.ents if e.ent_id_ and e.label_ == "PERSON" and len(e) > 1}

    def run(self) -> tuple[list[Actor], list[Mention]]:
        ents = [e for e in self.ents if e.label_ in ACTOR_LABELS]
        self._offices_of_holders()
        self._ships()
        self._place_police()
        self._scan_titles()
        unresolved = []
        shadowed: dict[str, set[str]] = {}
        for ent in ents:
            other = self._someone_else(ent)
            if other is None and len(ent) == 1 and ent.ent_id_ in shadowed.get(ent.text, ()):
                unresolved.append(ent)  # the surname of the other person just met
                continue
            if other is not None:
                shadowed.setdefault(ent.text, set()).add(ent.ent_id_)
                # "Jerome Powell" is not the knowledge base's "Powell": resolve the whole name afresh.
                unresolved = [u for u in unresolved if u.end <= other.start]
                unresolved.append(other)
            elif not self._resolve_known(ent):
                unresolved.append(ent)
        named_in_full = {aid for f in self.found for aid in f.actor_ids if f.label == "PERSON"}
        for ent in unresolved:
            core = self._strip_title(ent)
            if core is not None and ent.label_ in ("PERSON", "ORG"):
                self._named_place(core)  # a name used as a place once is a place throughout
        # One-word organizations last, so an organization-tagged "Navalny" in a headline finds the
        # person named below it.
        unresolved.sort(key=lambda ent: ent.label_ == "ORG" and len(ent) == 1)
        for ent in unresolved:
            self._resolve_unknown(ent, named_in_full)
        self._untagged_surnames()
        self._untagged_titled_names()
        self._untagged_organizations()
        self._titled_names_under_other_labels()
        self._outlets_tagged_as_places()
        self._speaking_police()
        self._resolve_in_order()
        self._administrations()
        self._nationality_from_apposition()
        self._unnamed_actors()
        self._role_nouns_named()
        self._bare_bodies_named_once()
        return self._records()

    def _resolve_in_order(self) -> None:
        doc = self.doc
        i = 0
        while i < len(doc):
            if i in self.taken:
                # A country mention may open a role phrase: "Russia's top diplomat".
                step = self._try_role(i) if self._starts_country_mention(i) else None
                i = step or i + 1
                continue
            lower = self.lowers[i]
            step = (self._try_named_group(i) or self._try_group(i) or self._try_role(i) or self._try_state_body(i)
                    or self._try_legislators(i))
            if step:
                i = step
                continue
            if lower not in PERSON_PRONOUNS and lower not in PLURAL_PRONOUNS:
                i += 1  # only pronouns are read below
                continue
            token = doc[i]
            if self._quoted(token):
                pass  # inside a quotation "he" is someone the speaker talks about: leave it
            elif lower in PERSON_PRONOUNS and token.pos_ == "PRON" or lower in ("his", "her") and token.tag_ == "PRP$":
                gender = "f" if lower in FEMININE else "m"
                person = self._pronoun_person(i, gender)
                if person is not None:
                    self.gender.setdefault(person, gender)
                    self._add((i, i + 1), [person], "PRON")
            elif lower in PLURAL_PRONOUNS:
                group = self._recent_group(i)
                if group:
                    self._add_group((i, i + 1), group, "PRON")
            i += 1

    def _starts_country_mention(self, i: int) -> bool:
        starting = self.found.starting.get(i, ())
        return any(len(f.actor_ids) == 1 and self._kind(f.actor_ids[0]) == "country" for f in starting)

    def _rekey_new_people(self) -> None:
        """A new person first met by surname gets the id of the full name found later."""
        renamed: dict[str, str] = {}
        for actor in list(self.new.values()):
            key = "new:" + slug(actor.name)
            if actor.kind == "person" and key != actor.id and key not in self.new:
                renamed[actor.id] = key
        for old, key in renamed.items():
            actor = self.new.pop(old)
            actor.id = key
            self.new[key] = actor
        if renamed:
            for f in self.found:
                f.actor_ids = tuple(renamed.get(aid, aid) for aid in f.actor_ids)

    def _records(self) -> tuple[list[Actor], list[Mention]]:
        self._rekey_new_people()
        mentions: list[Mention] = []
        spans: dict[str, list[tuple[int, int]]] = {}
        for f in sorted(self.found, key=lambda f: (f.start, f.end)):
            for aid in f.actor_ids:
                mentions.append(Mention(f.start, f.end, self.text[f.start : f.end], aid, f.label))
                spans.setdefault(aid, []).append((f.start, f.end))
        actors = []
        homes = self._group_homes()
        for aid, offsets in spans.items():
            kb_actor = self.kb.get(aid)
            if kb_actor is not None:
                kind = kb_actor.kind if kb_actor.kind in ("person", "organization", "country", "group") else "group"
                country = kb_actor.country or (aid if kind == "country" else None) or homes.get(aid)
                actors.append(Actor(aid, kb_actor.name, kind, country,
                                    tuple(offsets), kb_actor.wikidata))
            else:
                new = self.new.get(aid)
                name = (f"{new.name} {new.suffix}" if new.suffix else new.name) if new else aid
                actors.append(Actor(aid, name, new.kind if new else "group", new.country if new else None, tuple(offsets)))
        return actors, mentions
