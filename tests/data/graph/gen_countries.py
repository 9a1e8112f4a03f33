#!/usr/bin/env python3
"""Writes a synthetic coopgraph dataset for the scale tests of `coopgraph graph`.

The default is the case the country view must handle: 200 countries joined by 3,000 distinct
country-to-country links (about 4,000 agreements, some pairs with several), with INSTITUTIONS
institutions per country. The output depends only on the arguments (fixed random seed), so the
test is repeatable.

Usage: gen_countries.py [--countries 200] [--links 3000] [--per-country 2] [--units 0] [--seed 1] OUT.xml
"""
import argparse
import os
import random
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ISO_TABLE = os.path.join(HERE, "..", "..", "..", "data", "iso3166-1.tsv")
KINDS = ["cooperation", "strategic-partnership", "letter-of-intent", "memorandum-of-understanding",
         "contract", "funded-project"]
STATUSES = ["planned", "signed", "active", "ended"]
INSTITUTION_KINDS = ["university", "university-hospital", "hospital", "research-institute"]


def country_codes():
    codes = []
    with open(ISO_TABLE, encoding="utf-8") as table:
        for line in table:
            if line.startswith("#") or not line.strip():
                continue
            codes.append(line.split("\t")[0])
    return sorted(codes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--links", type=int, default=3000, help="distinct country pairs")
    parser.add_argument("--per-country", type=int, default=2, help="institutions per country")
    parser.add_argument("--units", type=int, default=0, help="clinics per institution (partOf it)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    codes = country_codes()
    if args.countries > len(codes):
        sys.exit(f"only {len(codes)} countries in {ISO_TABLE}")
    countries = codes[:args.countries]
    pairs = [(a, b) for i, a in enumerate(countries) for b in countries[i + 1:]]
    if args.links > len(pairs):
        sys.exit(f"at most {len(pairs)} links between {args.countries} countries")
    links = rng.sample(pairs, args.links)

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<coopgraph xmlns="https://w3id.org/coopgraph/ns/1" xml:lang="en">',
           '  <source id="src-synthetic" kind="report"><title>Synthetic scale test data</title></source>']
    for cc in countries:
        for k in range(args.per_country):
            kind = INSTITUTION_KINDS[(len(out) + k) % len(INSTITUTION_KINDS)]
            out.append(f'  <institution id="i-{cc}-{k}" kind="{kind}" sources="src-synthetic">'
                       f'<name>{escape(f"Institution {k + 1} of {cc}")}</name>'
                       f'<location country="{cc}"><city>{escape(f"City {cc}{k % 2}")}</city></location>'
                       f'</institution>')
            for u in range(args.units):
                out.append(f'  <institution id="i-{cc}-{k}-u{u}" kind="clinic" partOf="i-{cc}-{k}" '
                           f'sources="src-synthetic"><name>{escape(f"Clinic {u + 1}")}</name></institution>')
    n = 0
    for a, b in links:
        # a few strong links and many weak ones, as in real partner networks
        repeat = 1 + (rng.random() < 0.25) + (rng.random() < 0.08) * rng.randint(1, 6)
        for _ in range(repeat):
            n += 1
            ia = f"i-{a}-{rng.randrange(args.per_country)}"
            ib = f"i-{b}-{rng.randrange(args.per_country)}"
            if args.units and rng.random() < 0.5:
                ia += f"-u{rng.randrange(args.units)}"
            kind = rng.choice(KINDS)
            status = rng.choice(STATUSES)
            year = rng.randint(2005, 2024)
            out.append(f'  <agreement id="a{n}" kind="{kind}" status="{status}" sources="src-synthetic">'
                       f'<title>Agreement {n}</title><party ref="{ia}"/><party ref="{ib}"/>'
                       f'<start>{year}</start><duration>P{rng.randint(1, 6)}Y</duration></agreement>')
    out.append("</coopgraph>")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{args.out}: {args.countries} countries, {args.countries * args.per_country} institutions, "
          f"{len(links)} country links, {n} agreements")


if __name__ == "__main__":
    main()
