"""Check tests/gold/corpus.json: structure, cross-references, and that every
name, alias and cited surface really occurs in the corpus text.

Standard library only; independent of kg_build.  Run from the repository root:

    python tests/gold/validate_gold.py          # exit 1 on errors, warnings printed
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).with_name("corpus.json")
CORPUS = ROOT / "corpus"
PLAN_SIZE = {2016: 92, 2017: 77, 2019: 74}
TYPES = {"Plan", "Agreement", "Regulation", "Document"}
FOLD = str.maketrans({"(": "（", ")": "）", "/": "／", "强": "強", "—": "-", "–": "-"})


def norm(text: str) -> str:
    """Remove whitespace, fold half-width brackets and a few variant forms."""
    return re.sub(r"\s+", "", text).translate(FOLD)


def strip_brackets(text: str) -> str:
    return re.sub(r"[《》〈〉「」“”\"]", "", text)


def plan_items(year: int, raw: str) -> dict[int, str]:
    """Split a plan's annex into its numbered items: '<n>. ' in order (page numbers may precede)."""
    text = re.sub(r"\s+", " ", raw)
    head = re.search(r"實施《粵港合作框架協議》 ?%d ?年重點工作 ?一、" % year, text)
    body = text[head.start():]
    starts, pos = {}, 0
    for k in range(1, PLAN_SIZE[year] + 1):
        m = re.compile(r"(?<![\d.])%d\. " % k).search(body, pos) or re.compile(r"%d\. " % k).search(body, pos)
        starts[k], pos = m.start(), m.end()
    keys = sorted(starts)
    return {k: body[starts[k]:(starts[keys[i + 1]] if i + 1 < len(keys) else len(body))] for i, k in enumerate(keys)}


def main() -> int:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    raw = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    texts = {name: norm(t) for name, t in raw.items()}
    plan_files = {int(y): p["file"] for y, p in gold["plans"].items()}
    items = {y: plan_items(y, raw[f]) for y, f in plan_files.items()}
    errors, warnings = [], []

    def occurs(forms, text):
        return any(strip_brackets(norm(f)) in strip_brackets(text) for f in forms if f)

    docs = {d["name"]: d for d in gold["documents"]}
    for d in gold["documents"]:
        if d["type"] not in TYPES:
            errors.append(f"document {d['name']}: bad type {d['type']}")
        if d["renews"] and d["renews"] not in docs:
            errors.append(f"document {d['name']}: renews unknown {d['renews']}")
        if d.get("part_of") and d["part_of"] not in docs:
            errors.append(f"document {d['name']}: part_of unknown {d['part_of']}")
        for f in d["files"]:
            if f not in texts:
                errors.append(f"document {d['name']}: unknown file {f}")
            elif not occurs([d["name"], *d["aliases"]], texts[f]):
                warnings.append(f"document {d['name']}: no written form found in {f} (back-reference only?)")
        for f, t in texts.items():
            if f not in d["files"] and occurs([d["name"]], t):
                errors.append(f"document {d['name']}: occurs in {f}, which is not listed")
    for b in gold["back_references"]:
        if b["resolves_to"] not in docs:
            errors.append(f"back reference {b['surface']}: unknown {b['resolves_to']}")

    cited = set()
    for c in gold["citations"]:
        key = (c["year"], c["item"], c["document"])
        if key in cited:
            errors.append(f"citation {key} repeated")
        cited.add(key)
        if c["document"] not in docs:
            errors.append(f"citation {key}: unknown document")
        elif not 1 <= c["item"] <= PLAN_SIZE[c["year"]]:
            errors.append(f"citation {key}: no such item")
        elif not occurs([c["surface"]], norm(items[c["year"]][c["item"]])):
            errors.append(f"citation {key}: surface {c['surface']} not in item text")
    for s in gold["supports"]:
        key = (s["year"], s["item"], s["agreement"])
        if docs.get(s["agreement"], {}).get("type") != "Agreement":
            errors.append(f"support {key}: not an Agreement")
        if s["cited"] != (key in cited):
            errors.append(f"support {key}: cited flag disagrees with citations")

    progs = {p["name"]: p for p in gold["programmes"]}
    for p in gold["programmes"]:
        for f in p["files"]:
            if not occurs([p["name"], *p["aliases"], *p.get("written_as", [])], texts[f]):
                warnings.append(f"programme {p['name']}: no written form found in {f}")
        for f, t in texts.items():
            whole = re.escape(strip_brackets(norm(p["name"]))) + r"(?![A-Za-z0-9])"
            if f not in p["files"] and re.search(whole, strip_brackets(t)):
                errors.append(f"programme {p['name']}: occurs in {f}, which is not listed")
    for n in gold["not_programmes"]:
        for f in n["files"]:
            if not occurs([re.sub(r"（.*?）", "", n["surface"])], texts[f]):
                warnings.append(f"not_programme {n['surface']}: not found in {f}")
    for m in gold["meetings"]:
        for d in m["signed"]:
            if d not in docs:
                errors.append(f"meeting {m['name']}: signed unknown {d}")

    aliases = gold["entity_aliases"]
    for e in gold["item_entities"]:
        text = norm(items[e["year"]][e["item"]])
        where = f"{e['year']}-{e['item']}"
        for name in e["programmes"]:
            if name not in progs:
                errors.append(f"{where}: unknown programme {name}")
            elif not occurs([name, *progs[name]["aliases"]], text):
                errors.append(f"{where}: programme {name} not written in the item")
        for kind in ("institutions", "projects", "places"):
            for name in e[kind]:
                if not occurs([name, *aliases.get(kind, {}).get(name, [])], text):
                    (errors if kind != "places" else warnings).append(f"{where}: {kind[:-1]} {name} not written as such (abbreviation?)")
    for w in warnings:
        print("warning:", w)
    for err in errors:
        print("ERROR:", err)
    counts = {k: len(gold[k]) for k in ("documents", "citations", "supports", "programmes", "meetings", "item_entities")}
    print("counts:", counts)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
