#!/usr/bin/env python3
"""Regenerate data/iso3166-1.tsv and data/iso3166-2.tsv from Debian's iso-codes JSON files.

Usage:
    scripts/update-iso3166.py [--iso-codes DIR] [--out DIR] [--check]

    --iso-codes DIR  directory holding iso_3166-1.json and iso_3166-2.json
                     (default: /usr/share/iso-codes/json, from the Debian package iso-codes)
    --out DIR        where to write the TSV files (default: the data/ directory next to scripts/)
    --check          do not write; exit 1 if the files in --out differ from what would be written

The output is deterministic (sorted by code, LF line ends, UTF-8), so a diff of the TSV files after
an iso-codes upgrade shows exactly what changed. Only the Python standard library is used.

The Wikidata column is not in iso-codes. It comes from WIKIDATA_QID below, a plain table of facts
(see data/README.md for where it was taken from and how it was cross-checked). A code that iso-codes
has but the table lacks gets an empty field and a warning; it is never guessed.
"""

import argparse
import json
import os
import re
import sys

# ISO 3166-1 alpha-2 -> Wikidata item of the country or territory the code stands for.
# Primary source: Our World in Data, owid/owid-grapher CountriesRegions.ts (iso_alpha2, wikidata_uri).
# Every pair is confirmed by at least one independent table (Europeana wkd2org.xsl country codes,
# a Wikidata query for P297 in codeledge/entitree, waldenn/conzept countries.js); see data/README.md.
# NL: OWID gives Q29999 (Kingdom of the Netherlands); we use Q55 (the country Netherlands), which also
# carries P297 "NL" in Wikidata, in line with DK -> Q35 (Denmark, not the Kingdom of Denmark Q756617).
# AQ: Q21590062 is the "Antarctic Treaty area" (south of 60 degrees S), which is what ISO's AQ covers.
WIKIDATA_QID = {
    "AD": "Q228", "AE": "Q878", "AF": "Q889", "AG": "Q781", "AI": "Q25228", "AL": "Q222",
    "AM": "Q399", "AO": "Q916", "AQ": "Q21590062", "AR": "Q414", "AS": "Q16641", "AT": "Q40",
    "AU": "Q408", "AW": "Q21203", "AX": "Q5689", "AZ": "Q227", "BA": "Q225", "BB": "Q244",
    "BD": "Q902", "BE": "Q31", "BF": "Q965", "BG": "Q219", "BH": "Q398", "BI": "Q967",
    "BJ": "Q962", "BL": "Q25362", "BM": "Q23635", "BN": "Q921", "BO": "Q750", "BQ": "Q27561",
    "BR": "Q155", "BS": "Q778", "BT": "Q917", "BV": "Q23408", "BW": "Q963", "BY": "Q184",
    "BZ": "Q242", "CA": "Q16", "CC": "Q36004", "CD": "Q974", "CF": "Q929", "CG": "Q971",
    "CH": "Q39", "CI": "Q1008", "CK": "Q26988", "CL": "Q298", "CM": "Q1009", "CN": "Q148",
    "CO": "Q739", "CR": "Q800", "CU": "Q241", "CV": "Q1011", "CW": "Q25279", "CX": "Q31063",
    "CY": "Q229", "CZ": "Q213", "DE": "Q183", "DJ": "Q977", "DK": "Q35", "DM": "Q784",
    "DO": "Q786", "DZ": "Q262", "EC": "Q736", "EE": "Q191", "EG": "Q79", "EH": "Q6250",
    "ER": "Q986", "ES": "Q29", "ET": "Q115", "FI": "Q33", "FJ": "Q712", "FK": "Q9648",
    "FM": "Q702", "FO": "Q4628", "FR": "Q142", "GA": "Q1000", "GB": "Q145", "GD": "Q769",
    "GE": "Q230", "GF": "Q3769", "GG": "Q25230", "GH": "Q117", "GI": "Q1410", "GL": "Q223",
    "GM": "Q1005", "GN": "Q1006", "GP": "Q17012", "GQ": "Q983", "GR": "Q41", "GS": "Q35086",
    "GT": "Q774", "GU": "Q16635", "GW": "Q1007", "GY": "Q734", "HK": "Q8646", "HM": "Q131198",
    "HN": "Q783", "HR": "Q224", "HT": "Q790", "HU": "Q28", "ID": "Q252", "IE": "Q27",
    "IL": "Q801", "IM": "Q9676", "IN": "Q668", "IO": "Q43448", "IQ": "Q796", "IR": "Q794",
    "IS": "Q189", "IT": "Q38", "JE": "Q785", "JM": "Q766", "JO": "Q810", "JP": "Q17",
    "KE": "Q114", "KG": "Q813", "KH": "Q424", "KI": "Q710", "KM": "Q970", "KN": "Q763",
    "KP": "Q423", "KR": "Q884", "KW": "Q817", "KY": "Q5785", "KZ": "Q232", "LA": "Q819",
    "LB": "Q822", "LC": "Q760", "LI": "Q347", "LK": "Q854", "LR": "Q1014", "LS": "Q1013",
    "LT": "Q37", "LU": "Q32", "LV": "Q211", "LY": "Q1016", "MA": "Q1028", "MC": "Q235",
    "MD": "Q217", "ME": "Q236", "MF": "Q126125", "MG": "Q1019", "MH": "Q709", "MK": "Q221",
    "ML": "Q912", "MM": "Q836", "MN": "Q711", "MO": "Q14773", "MP": "Q16644", "MQ": "Q17054",
    "MR": "Q1025", "MS": "Q13353", "MT": "Q233", "MU": "Q1027", "MV": "Q826", "MW": "Q1020",
    "MX": "Q96", "MY": "Q833", "MZ": "Q1029", "NA": "Q1030", "NC": "Q33788", "NE": "Q1032",
    "NF": "Q31057", "NG": "Q1033", "NI": "Q811", "NL": "Q55", "NO": "Q20", "NP": "Q837",
    "NR": "Q697", "NU": "Q34020", "NZ": "Q664", "OM": "Q842", "PA": "Q804", "PE": "Q419",
    "PF": "Q30971", "PG": "Q691", "PH": "Q928", "PK": "Q843", "PL": "Q36", "PM": "Q34617",
    "PN": "Q35672", "PR": "Q1183", "PS": "Q219060", "PT": "Q45", "PW": "Q695", "PY": "Q733",
    "QA": "Q846", "RE": "Q17070", "RO": "Q218", "RS": "Q403", "RU": "Q159", "RW": "Q1037",
    "SA": "Q851", "SB": "Q685", "SC": "Q1042", "SD": "Q1049", "SE": "Q34", "SG": "Q334",
    "SH": "Q192184", "SI": "Q215", "SJ": "Q842829", "SK": "Q214", "SL": "Q1044", "SM": "Q238",
    "SN": "Q1041", "SO": "Q1045", "SR": "Q730", "SS": "Q958", "ST": "Q1039", "SV": "Q792",
    "SX": "Q26273", "SY": "Q858", "SZ": "Q1050", "TC": "Q18221", "TD": "Q657", "TF": "Q129003",
    "TG": "Q945", "TH": "Q869", "TJ": "Q863", "TK": "Q36823", "TL": "Q574", "TM": "Q874",
    "TN": "Q948", "TO": "Q678", "TR": "Q43", "TT": "Q754", "TV": "Q672", "TW": "Q865",
    "TZ": "Q924", "UA": "Q212", "UG": "Q1036", "UM": "Q16645", "US": "Q30", "UY": "Q77",
    "UZ": "Q265", "VA": "Q237", "VC": "Q757", "VE": "Q717", "VG": "Q25305", "VI": "Q11703",
    "VN": "Q881", "VU": "Q686", "WF": "Q35555", "WS": "Q683", "YE": "Q805", "YT": "Q17063",
    "ZA": "Q258", "ZM": "Q953", "ZW": "Q954",
}

# Values known independently of the sources above; a mismatch means the table was damaged.
SPOT_CHECKS = {
    "DE": "Q183", "FR": "Q142", "US": "Q30", "GB": "Q145", "IT": "Q38", "ES": "Q29",
    "AZ": "Q227", "AT": "Q40", "CH": "Q39", "NL": "Q55", "PL": "Q36", "CN": "Q148",
    "JP": "Q17", "IN": "Q668", "BR": "Q155", "RU": "Q159", "TR": "Q43", "CA": "Q16",
    "SE": "Q34", "NO": "Q20", "DK": "Q35", "FI": "Q33", "BE": "Q31", "PT": "Q45",
}

HEADER_1 = "# alpha2\talpha3\tnumeric\tname\twikidata\n"
HEADER_2 = "# code\tparent\ttype\tname\n"

QID_RE = re.compile(r"^Q[1-9][0-9]*$")


class DataError(Exception):
    pass


def field(value, what):
    """A TSV field: no tab, newline or other C0 control may hide in the data."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise DataError("control character in %s: %r" % (what, value))
    return value


def build_part1(entries, warn):
    for code, qid in SPOT_CHECKS.items():
        if WIKIDATA_QID.get(code) != qid:
            raise DataError("spot check failed: %s should be %s" % (code, qid))
    seen_qids = {}
    for code, qid in WIKIDATA_QID.items():
        if not QID_RE.match(qid):
            raise DataError("malformed Wikidata id for %s: %r" % (code, qid))
        if qid in seen_qids:
            raise DataError("%s and %s share Wikidata id %s" % (seen_qids[qid], code, qid))
        seen_qids[qid] = code

    rows = []
    codes = set()
    for e in entries:
        a2, a3, num = e["alpha_2"], e["alpha_3"], e["numeric"]
        if not (re.match(r"^[A-Z]{2}$", a2) and re.match(r"^[A-Z]{3}$", a3)
                and re.match(r"^[0-9]{3}$", num)):
            raise DataError("malformed codes in entry %r" % (e,))
        if a2 in codes:
            raise DataError("duplicate alpha-2 code %s" % a2)
        codes.add(a2)
        qid = WIKIDATA_QID.get(a2, "")
        if not qid:
            warn("no Wikidata id for %s (%s): field left empty" % (a2, e["name"]))
        rows.append((a2, a3, num, field(e["name"], a2), qid))
    for code in sorted(set(WIKIDATA_QID) - codes):
        warn("Wikidata table has %s, which iso-codes does not list" % code)
    rows.sort()
    return HEADER_1 + "".join("\t".join(r) + "\n" for r in rows), codes


def build_part2(entries, countries):
    by_code = {}
    for e in entries:
        code = e["code"]
        if not re.match(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", code):
            raise DataError("malformed subdivision code %r" % code)
        if code in by_code:
            raise DataError("duplicate subdivision code %s" % code)
        if code[:2] not in countries:
            raise DataError("subdivision %s of unknown country" % code)
        by_code[code] = e
    rows = []
    for code in sorted(by_code):
        e = by_code[code]
        # iso-codes mostly gives the parent relative to the country ("NX" for AZ-NX), but for GB
        # in full ("GB-SCT"); we always store the full code, which can be looked up like any other.
        parent = e.get("parent", "")
        if parent:
            if not parent.startswith(code[:3]):
                parent = code[:3] + parent
            if parent not in by_code:
                raise DataError("%s has unknown parent %s" % (code, parent))
        rows.append((code, parent, field(e["type"], code), field(e["name"], code)))
    return HEADER_2 + "".join("\t".join(r) + "\n" for r in rows)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso-codes", default="/usr/share/iso-codes/json")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "data"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)

    def warn(msg):
        print("update-iso3166: warning: " + msg, file=sys.stderr)

    try:
        with open(os.path.join(args.iso_codes, "iso_3166-1.json"), encoding="utf-8") as f:
            part1 = json.load(f)["3166-1"]
        with open(os.path.join(args.iso_codes, "iso_3166-2.json"), encoding="utf-8") as f:
            part2 = json.load(f)["3166-2"]
        text1, countries = build_part1(part1, warn)
        text2 = build_part2(part2, countries)
    except (OSError, KeyError, ValueError, DataError) as e:
        print("update-iso3166: error: %s" % e, file=sys.stderr)
        return 1

    outputs = {"iso3166-1.tsv": text1, "iso3166-2.tsv": text2}
    if args.check:
        stale = []
        for name, text in outputs.items():
            try:
                with open(os.path.join(args.out, name), encoding="utf-8", newline="") as f:
                    if f.read() != text:
                        stale.append(name)
            except OSError:
                stale.append(name)
        for name in stale:
            print("update-iso3166: %s is out of date" % name, file=sys.stderr)
        return 1 if stale else 0

    for name, text in outputs.items():
        path = os.path.join(args.out, name)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    print("update-iso3166: wrote %d countries, %d subdivisions to %s"
          % (len(part1), len(part2), args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
