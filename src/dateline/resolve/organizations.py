"""Organizations the knowledge base lacks, and names that are no actor (things, titles, outlets)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..kb import normalize_name
from .state import _NewActor
from .words import HYPHENS, slug

# Nouns a name may modify and still be the actor: "SDF fighters", "Hamas officials", "the NATO chief".
MEMBER_NOUNS = frozenset({
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "member",
    "fighter",
    "force",
    "troop",
    "chief",
    "head",
    "commander",
    "representative",
    "delegation",
    "envoy",
    "militant",
    "soldier",
    "officer",
    "staff",
    "employee",
    "director",
    "chairman",
    "president",
    "minister",
    "source",
    "statement",
    "report",
    "lawmaker",
    "negotiator",
    "diplomat",
    "agent",
    "unit",
    "ally",
    "supporter",
    "government",
    "administration",
    "executive",
    "analyst",
    "manager",
})
# The last word of many newspapers' names, by which a story cites them: "the Post says", "the Times reported".
NEWSPAPER_WORDS = frozenset({"times", "post", "herald", "journal", "tribune", "telegraph", "guardian", "gazette"})
# Nouns naming a news outlet or firm: "Greek daily Kathimerini", "the broadcaster Rustavi".
OUTLET_NOUNS = frozenset({
    "daily",
    "newspaper",
    "paper",
    "weekly",
    "magazine",
    "broadcaster",
    "agency",
    "channel",
    "outlet",
    "website",
    "network",
    "tabloid",
    "firm",
    "company",
    "group",
    "airline",
    "carrier",
    "operator",
    "bank",
})
# Places a body's name can modify without the body acting: "Iraqi military bases", "army camps".
SITE_NOUNS = frozenset(
    "base airbase airfield camp barracks facility installation compound hospital academy school cemetery "
    "checkpoint outpost prison jail station depot".split()
)
# Nouns that introduce a company by its name: "the gas producer Energean", "the supplier Atlas".
FIRM_NOUNS = frozenset(
    "producer supplier maker manufacturer carrier airline operator firm company giant developer exporter "
    "importer contractor insurer lender retailer distributor shipper conglomerate startup".split()
)


# What follows a holder's possessive to name the holder's office: "Sheriff's office", "Sheriff's deputies".
HOLDERS_BODIES = frozenset({"office", "department", "deputies", "officers"})


class _Organizations:
    """Rules that decide whether an unknown name is an organization."""

    def _offices_of_holders(self) -> None:
        """Offices named by their holder's title: "the City Attorney's office", "Hennepin County attorney's office",
        "the County Sheriff's Department", "Sheriff's deputies".

        A title word that names no office of state in ``offices`` ("attorney", "sheriff", "coroner";
        not "president"), with its possessive and "office" (or "department", or the office's people:
        "deputies", "officers"), and the capitalized words before it, is a new organization; at least
        one of the words must be capitalized.
        """
        doc = self.doc
        holders = {title.split()[-1].rstrip(".").lower() for title in (*self.roles.titles, *self.roles.occupations)}
        holders -= {word.split()[-1] for word in self.roles.offices}
        lowers, tags = self.lowers, self.tags
        for i, lower in enumerate(lowers):  # a Token only where the words fit
            if lower not in HOLDERS_BODIES or i < 2 or tags[i - 1] != "POS":
                continue
            token = doc[i]
            holder = doc[token.i - 2]
            if holder.lower_ not in holders:
                continue
            ent = self._ent_at(holder.i)
            if ent is not None and ent.label_ == "PERSON" and len(ent) > 1:
                continue  # a name, not a title: "Sheriff Lee's office" (a lone "Sheriff" tagged PERSON is a title)
            start = holder.i
            while start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and doc[start - 1].ent_type_ != "PERSON":
                start -= 1
            if not any(t.is_title for t in doc[start : holder.i + 1]) or any(k in self.taken for k in range(start, token.i + 1)):
                continue
            if doc[start].lower_ == "the":
                start += 1  # "The City Attorney's office" opening a sentence
            name = doc[start : token.i + 1].text
            key = "new:" + slug(name)
            self.new.setdefault(key, _NewActor(key, name, "organization", self._country_before(doc[start : token.i + 1])))
            self._add((start, token.i + 1), [key], "ORG")

    def _ships(self) -> None:
        """Ships named with their prefix: 'INS Tarkash', 'USS Cole', 'MV Sirius Star' -> an organization (the
        ship acts through its crew), and the name alone later ('Tarkash intercepted ...') is the same ship."""
        doc = self.doc
        names: dict[str, str] = {}
        for i, text in enumerate(self.texts):  # a Token only after a ship's prefix
            if text not in self.roles.ship_prefixes or i in self.taken:
                continue
            token = doc[i]
            end = token.i + 1
            while end < len(doc) and end - token.i <= 3 and doc[end].is_title and doc[end].is_alpha:
                end += 1
            if end == token.i + 1 or any(k in self.taken for k in range(token.i, end)):
                continue
            name = doc[token.i : end].text
            key = "new:" + slug(name)
            self.new.setdefault(key, _NewActor(key, name, "organization", None))
            self._add((token.i, end), [key], "ORG")
            names.setdefault(doc[token.i + 1 : end].text, key)
        for bare, key in names.items():
            words = bare.split()
            for i, text in enumerate(self.texts):
                if i in self.taken or text != words[0]:
                    continue
                token = doc[i]
                end = token.i + len(words)
                if doc[token.i : end].text == bare and not any(k in self.taken for k in range(token.i, end)):
                    self._add((token.i, end), [key], "ORG")

    def _place_police(self) -> None:
        """A town's or region's police named by the place: 'Kelowna police have arrested', 'according to
        Troy police Lt. Mark Sands', 'handed over to the Detroit police' -> an organization of its own.

        One to three capitalized words before 'police' that the NER read as a place or left untagged, and
        that the knowledge base does not know as a country (a nationality or a country before police
        is the state's: 'Greek police', national_bodies).
        """
        doc = self.doc
        for i, lower in enumerate(self.lowers):  # a Token only for "police"
            if lower != "police" or i == 0 or i in self.taken:
                continue
            token = doc[i]
            start = token.i
            while start > 0 and token.i - start < 3 and doc[start - 1].is_title and doc[start - 1].is_alpha \
                    and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in ("GPE", "LOC", "FAC", "ORG", "WORK_OF_ART", ""):
                start -= 1
            if start == token.i or any(k in self.taken for k in range(start, token.i + 1)):
                continue
            if self._title_case_line(start) or (start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha):
                continue  # a longer name ("New York City Police"), or a headline
            place = doc[start : token.i].text
            if any(a.kind == "country" for a in self.kb.by_name(place)) or self.kb.by_adjective(place) is not None:
                continue
            name = doc[start : token.i + 1].text
            key = "new:" + slug(name.lower())
            self.new.setdefault(key, _NewActor(key, name, "organization", self._country_around(token)))
            self._add((start, token.i + 1), [key], "ORG")

    def _names_a_site(self, ent: Span) -> bool:
        """A body's name modifying a place noun: 'Iraqi military bases', 'an army camp', 'police stations'."""
        root = ent.root
        head = root.head
        return (
            root.dep_ in ("amod", "compound", "nmod")
            and head.i >= ent.end
            and head.is_lower
            and (head.lemma_.lower() in SITE_NOUNS or head.lower_.removesuffix("s") in SITE_NOUNS or head.lower_ == "bases")
        )

    def _names_a_thing(self, core: Span) -> bool:
        """A name modifying a common noun that is no member of it: 'the EastMed project', 'TurkStream gas pipeline'."""
        root = core.root
        if root.dep_ not in ("compound", "nmod") or root.head.i < core.end:
            return False
        if core[-1].lower_ in self.roles.org_words:
            return False  # "Haifa University researchers": the organization is named
        head = root.head
        while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
            head = head.head  # "TurkStream gas pipeline": the last noun
        return head.pos_ == "NOUN" and head.is_lower and head.lemma_.lower() not in MEMBER_NOUNS

    def _part_of_longer_name(self, core: Span) -> bool:
        """A Title-Case fragment of a longer name or title.

        'Police and Crime' before 'Commissioner', 'Foreign Affairs' in 'committees on Foreign Affairs',
        'Transportation' in 'the Secretary of Transportation', a generic 'a Foreign Terrorist Organization'.
        """
        root = core.root
        if (
            root.dep_ in ("compound", "nmod")
            and root.head.i >= core.end
            and root.head.pos_ == "PROPN"
            and root.head.is_title
            and core[-1].lower_ not in self.roles.org_words  # "Research Institute Director X" names the institute
        ):
            if not (root.head.ent_type_ and self._ent_at(root.head.i) is not None and self._ent_at(root.head.i).start >= core.end):
                return True
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "on", "for"):
            owner = root.head.head
            words = {owner.lower_, owner.lemma_.lower()}
            if owner.pos_ in ("NOUN", "PROPN") and words & (
                {"secretary", "committee", "minister", "ministry", "department", "commissioner", "subcommittee", "office"}
            ) and not (owner.lower_ == "office" and owner.is_lower):
                return True  # but "the office of Bluefen Distribution" is the firm's own office
        # "a Foreign Terrorist Organization", "a U.S.-designated Foreign Terrorist Organization": a category.
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in core.root.children)
        first = self.doc[core.start - 1] if core.start > 0 else None
        indefinite = indefinite or (first is not None and first.lower_ in ("a", "an"))
        return indefinite and not any(len(t.text) >= 2 and sum(ch.isupper() for ch in t.text) >= 2 for t in core)

    def _listed_with_people(self, core: Span) -> bool:
        """'Eliot Engel, Adam Schiff, and Elijah Cummings': a two-word name the NER called an organization among people."""
        words = [t for t in core if not t.is_punct]
        if len(words) != 2 or not all(t.is_title and t.pos_ == "PROPN" for t in words):
            return False
        if any(t.lower_ in self.roles.org_words for t in words) or core.root.dep_ != "conj":
            return False
        other = self._ent_at(core.root.head.i)
        return other is not None and other.label_ == "PERSON"

    def _of_a_person(self, core: Span) -> bool:
        """'Associates of Navalny', 'Friends of Smith': people around a person, not a named organization."""
        words = [t.lower_ for t in core]
        if "of" not in words or any(t.lower_ in self.roles.org_words for t in core):
            return False
        tail = normalize_name(core[words.index("of") + 1 :].text)
        if not tail:
            return False
        names = [actor.name for actor in self.new.values() if actor.kind == "person"]
        names += [self.kb.get(aid).name for f in self.found if f.label == "PERSON" for aid in f.actor_ids if self.kb.get(aid)]
        return any(tail in (normalize_name(name), normalize_name(name).split()[-1]) for name in names)

    def _defined_for_common_words(self, core: Span) -> bool:
        """An acronym spelled out in lower-case words: 'exclusive economic zone (EEZ)', 'liquefied natural gas (LNG)'."""
        text = core.text.strip()
        if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
            return False
        if not _in_parentheses(self.text, text):
            return False  # the pattern below ends with the acronym in parentheses: no need to build it
        pattern = r"\b" + r"\W+".join(rf"{ch.lower()}[a-z]*" for ch in text) + rf"\s*\(\s*{re.escape(text)}\s*\)"
        return re.search(pattern, self.text) is not None

    def _named_outlet(self, core: Span) -> bool:
        """A name right after an outlet or firm noun: 'Greek daily Kathimerini', 'the broadcaster Rustavi'."""
        if core.start == 0:
            return False
        before = self.doc[core.start - 1]
        # The tagger reads "daily" in "Greek daily Kathimerini" as an adverb.
        return (
            before.is_lower
            and (before.lemma_.lower() in OUTLET_NOUNS or before.lower_ in OUTLET_NOUNS)
            and before.pos_ in ("NOUN", "ADJ", "ADV")
        )

    def _looks_like_organization(self, core: Span) -> bool:
        """An ORG entity the knowledge base lacks that still reads as an organization.

        The statistical NER calls many capitalized phrases ORG, more so in machine-translated
        text ("in the International Arena"); an acronym, an organization word, or a name
        that is not a locative object and not a bare "the X" passes.
        """
        words = [t for t in core if not t.is_punct]
        if not words or not words[0].text[:1].isupper():
            return False
        if len(words) == 1 and words[0].lower_ in self.roles.org_words:
            # "Parliament", "Government": which one is not said; but "the Post says" is a paper.
            return words[0].lower_ in NEWSPAPER_WORDS and self._speaks(core)
        if any(t.lower_ in self.roles.org_words or t.lemma_.lower() in self.roles.org_words for t in words):
            return True
        if self._surely_named(core):
            return True  # "shootings at Harlow Advisors": a firm by its last word, wherever it stands
        root = core.root
        if root.dep_ == "pobj" and root.head.lower_ in ("along", "down", "up"):
            return False  # "expanded the operation down the ERV", "along the LoC": a route, not a body
        if any(len(t.text) >= 2 and sum(ch.isupper() for ch in t.text) >= 2 for t in words):
            return True  # acronyms: KCNA, BBC, AfCFTA
        first = core.start
        if (len(words) >= 2 or core.root.pos_ == "PROPN") and self._speaks(core):
            return True  # "the California Highway Patrol said", "the Post says": a body that speaks
        if first > 0 and self.doc[first - 1].lower_ == "the":
            return False
        root = core.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.is_lower:
            # "a Lunar Research base": a name used as a modifier; but in "Google officials said"
            # the name is the body its officials speak for.
            return self._speaking_officials(root.head)
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "inside", "across", "throughout", "around", "into"):
            return False
        if len(words) == 1 and (root.is_sent_start or self.doc[first - 1].text in ("\n", "\n\n") or self.doc[first - 1].is_space):
            # A capitalized first word of a line or headline, unless it is a proper name that speaks.
            return root.pos_ == "PROPN" and self._speaks(core) and self.text[core.end_char : core.end_char + 1] != "\n"
        return True

    def _names_a_post(self, core: Span) -> bool:
        """A name that is only a post, title or occupation ('Surgeon General', 'Rear Admiral', 'CEO'),
        in an organization entity also after a place of one or two words ('U.S. Surgeon General',
        'Brooklyn Councilman', 'Nominee for Surgeon General'): no actor, whoever holds it is named apart."""
        words = [t.lower_.rstrip(".") for t in core if not t.is_punct]
        if not words or any(w in self.roles.org_words for w in words):
            return False
        posts, single = self.post_names, self.single_post_names
        longest_prefix = 2 if core.label_ == "ORG" else 0
        for k in range(min(longest_prefix, len(words) - 1) + 1):
            rest = words[k:]
            if " ".join(rest) in posts or all(w in single for w in rest):
                return True
        return False

    def _modifies_a_post(self, ent: Span) -> bool:
        """A country name on a post that is not one of its state's offices ('the U.S. Surgeon General',
        'U.S. Attorney Ann Lee'): the country says where the post is, it is no actor there."""
        root = ent.root
        if root.dep_ not in ("compound", "nmod") or root.head.i < ent.end:
            return False
        k = ent.end
        while k < len(self.doc) and k < root.head.i and self.doc[k].is_title:
            k += 1
        words = " ".join(self.lowers[ent.end : root.head.i + 1]).replace(".", "")
        return k == root.head.i and words in self.roles.posts

    def _only_in_headlines(self, core: Span) -> bool:
        """A name met only in the headline or a title-case line ('Gunman Caught', 'Harbor City Riot Leaves
        Two Dead'), where capitals say nothing of names, that the body never writes (a person's surname will
        do): no actor. A real name in a headline comes back in the story."""
        if not self._headline_like(core.start):
            return False
        written = [core.text]
        if core.label_ == "PERSON" and len(core) > 1 and core[-1].is_alpha:
            written.append(core[-1].text)
        for name in written:
            at = self.text.find(name)
            while at != -1:
                span = self.doc.char_span(at, at + len(name), alignment_mode="expand")
                if span is not None and len(span) and not self._headline_like(span.start):
                    return False
                at = self.text.find(name, at + 1)
        return True

    def _headline_like(self, i: int) -> bool:
        """Token ``i`` lies in the headline or in a line of its own written in title case with no closing
        stop, like a headline or a caption (a title-case sentence of the story is not one)."""
        start, end = self.layout.headline
        at = self.doc[i].idx
        if start <= at < end:
            return True
        line_start = self.text.rfind("\n", 0, at) + 1
        line_end = self.text.find("\n", at)
        line = self.text[line_start : line_end if line_end != -1 else len(self.text)].strip()
        if not line or line[-1] in ".!?\"”’'" or line_start == 0 and line_end == -1:
            return False
        words = [w for w in line.split() if w.isalpha() and len(w) > 3]
        return len(words) >= 2 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3

    def _inside_title(self, span: Span) -> bool:
        """'State' in 'Secretary of State', 'Foreign Affairs' in 'Minister of Foreign Affairs'."""
        for length in (4, 3, 2):
            for start in range(max(0, span.start - length + 1), span.start + 1):
                end = start + length
                if end < span.end or end > len(self.doc):
                    continue
                words = " ".join(self.lowers[start:end])
                if words in self.roles.offices and start < span.start:
                    return True
        return False

    def _speaking_officials(self, noun: Token) -> bool:
        """'Google officials said', 'HP executives said': people of a body, subject of a speech verb."""
        cues = self.cues
        lemma = noun.lemma_.lower()
        people = lemma in cues.speaker_nouns or lemma in cues.official_nouns or lemma in cues.proxy_nouns
        return people and self._speaks(self.doc[noun.i : noun.i + 1])

    def _speaking_police(self) -> None:
        """'Police said …': the police force an article reports speaks, though it bears no name.

        Only a bare 'police' or 'the police' that is the subject of a speech verb; a named force
        is an entity of its own, and a nationality ('Indonesian police') names the state's.
        """
        for i, lower in enumerate(self.lowers):
            if lower != "police" or i in self.taken or self.ent_types[i]:
                continue
            token = self.doc[i]
            if not self._speaks(self.doc[token.i : token.i + 1]):
                continue
            if any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in token.children):
                continue
            key = "new:police"
            self.new.setdefault(key, _NewActor(key, "police", "organization", None))
            self._add((token.i, token.i + 1), [key], "ORG")

    def _untagged_organizations(self) -> None:
        """Organization names the NER missed altogether.

        A run of capitalized proper nouns (joined by "of", "for", "and") ending in an organization
        word ("Cinema for Peace Foundation"), or a proper noun right after a firm noun ("the gas
        producer Energean", "the supplier Atlas"); the name's later bare mentions join it.
        """
        doc = self.doc
        title_words = {title.split()[0].rstrip(".").lower() for title in self.roles.titles}
        named: dict[str, str] = {}
        i = 0
        while i < len(doc):
            # Most words are ruled out by the per-token lists, before a Token is made.
            if i in self.taken or self.ent_types[i] or not self.texts[i][:1].isupper():
                i += 1
                continue
            token = doc[i]
            # A capitalized common noun may open a name: "Music for Peace Foundation".
            if token.i in self.taken or token.ent_type_ or token.pos_ not in ("PROPN", "NOUN") or not self._name_word(token):
                i += 1
                continue
            j = i + 1
            while j < len(doc):
                if self._name_word(doc[j]) and not doc[j].ent_type_ and doc[j].i not in self.taken:
                    j += 1
                elif (
                    (doc[j].lower_ in ("of", "for", "and", "&") or doc[j].text in HYPHENS)
                    and j + 1 < len(doc)
                    and self._name_word(doc[j + 1])
                    and not doc[j + 1].ent_type_
                ):
                    j += 1
                else:
                    break
            words = [t for t in doc[i:j] if t.is_alpha]
            if not words:
                i = j
                continue
            last = words[-1].lower_
            before = doc[i - 1] if i > 0 else None
            firm = (
                len(words) <= 3
                and before is not None
                and before.is_lower
                and before.pos_ == "NOUN"
                and before.lower_ in FIRM_NOUNS
                and all(t.pos_ == "PROPN" for t in words)
            )
            organization = (
                len(words) >= 2
                and any(t.pos_ == "PROPN" for t in words)
                and (last in self.roles.org_words or last in self.roles.firm_words)
                and last not in self.roles.state_bodies
                and last not in self.roles.non_actor_heads
                and not self._inside_title(doc[i:j])
            )
            if (firm or organization) and words[0].lower_ not in title_words:
                start = i
                opening = self._ent_at(i - 1) if i > 0 and organization else None
                if opening is not None and opening.label_ in ("NORP", "GPE") and opening.end == i:
                    start = opening.start  # "African Export–Import Bank": the nationality opens the name
                span = doc[start:j]
                key = "new:" + slug(span.text)
                self.new.setdefault(key, _NewActor(key, span.text, "organization", self._country_before(span)))
                self._add(span, [key], "ORG")
                named[span.text] = key
            i = j
        for token in doc:  # "Energean has committed ...": the bare name met again
            if token.text in named and token.i not in self.taken and not token.ent_type_:
                self._add((token.i, token.i + 1), [named[token.text]], "ORG")

    def _name_word(self, token: Token) -> bool:
        return token.is_alpha and token.text[:1].isupper()


def _in_parentheses(text: str, word: str) -> bool:
    """Whether ``word`` stands anywhere in ``text`` right after an opening parenthesis (spaces between allowed)."""
    at = text.find(word)
    while at != -1:
        before = at - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        if before >= 0 and text[before] == "(":
            return True
        at = text.find(word, at + 1)
    return False
