from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..console import console as make_console, escape
from ..errors import UserError
from ._common import StoreOption, open_read
from ._options import one_of


def _print(hits, evidence: bool, db) -> None:
    console = make_console()
    if hits and hits[0].match == "fuzzy":
        console.print("no exact match; closest:")
    for hit in hits:
        names = " / ".join(v for lang in ("zh-Hant", "zh-Hans", "en", "") for v in hit.labels.get(lang, []))
        close = f"  [dim](similarity {hit.similarity:.2f})[/dim]" if hit.similarity is not None else ""
        console.print(f"[bold]{escape(names)}[/bold]  [dim]{escape(hit.iri)}[/dim]{close}")
        console.print(f"  type: {', '.join(hit.types) or '—'}")
        if hit.aliases:
            console.print(f"  aliases: {escape('、'.join(hit.aliases))}")
        kind = hit.view.get("kind", "generic")
        if kind == "generic":
            for prop, iri, value in hit.out:
                console.print(f"  {prop}: {escape(value)}" + (f"  [dim]{escape(iri)}[/dim]" if iri and value != iri else ""))
            for prop, iri, label in hit.incoming:
                console.print(f"  ← {prop}: {escape(label or iri)}")
        else:
            _VIEWS[kind](console, hit.view)
        # --- carry-over history (issue 7): the item's chain backward and forward ---
        if "coop:PlanItem" in hit.types:
            _print_history(console, db, hit.iri, hit.view.get("history"))
        # --- end carry-over history ---
        if evidence:
            from ..evidence import quotes

            for quote in quotes(db, hit.evidence):
                said = quote.sentence.replace(quote.exact, f"[bold]{quote.exact}[/bold]", 1) if quote.sentence else quote.exact
                console.print(f"  [green]“{said}”[/green] [dim]{quote.file}:{quote.line}[/dim]")
        console.print()


# --- per-type views (issue 4): kg_build.lookup_views builds the data, these print it --------------

ITEMS_SHOWN = 10  # a year with more than ITEMS_SHOWN + 2 items shows the first ITEMS_SHOWN and a count


def _line(console, label: str, value) -> None:
    if value not in (None, "", [], {}):
        console.print(f"  {label}: {escape(value)}")


def _names(entries: list[dict]) -> str:
    return "、".join(e["label"] for e in entries)


def _about(entry: dict, *keys: str) -> str:
    """'粵港合作聯席會議第二十次會議 (2017-11-18, 香港)': a label with its date, period or place."""
    extra = [str(entry[k]) for k in keys if entry.get(k) not in (None, "")]
    return entry["label"] + (f" ({', '.join(extra)})" if extra else "")


def _nodes(console, label: str, entries: list[dict], *keys: str) -> None:
    """One line when the entries are bare names, else one entry a line."""
    if not entries:
        return
    if not any(e.get(k) not in (None, "") for e in entries for k in keys):
        console.print(f"  {label}: {escape(_names(entries))}")
        return
    if len(entries) == 1:
        console.print(f"  {label}: {escape(_about(entries[0], *keys))}")
        return
    console.print(f"  {label}:")
    for entry in entries:
        console.print(f"    {escape(_about(entry, *keys))}")


def _items(console, heading: str, groups: list[dict]) -> None:
    from ..lookup_views import count

    total = count(groups)
    if not total:
        return
    console.print(f"  {heading} {total} plan item{'s' if total != 1 else ''}:")
    for group in groups:
        rows = group["items"]
        shown = rows if len(rows) <= ITEMS_SHOWN + 2 else rows[:ITEMS_SHOWN]
        for k, item in enumerate(shown):
            year = str(group["year"] or "?") if k == 0 else ""
            console.print(f"    {year:<5} {item['number']:>3}  {escape(item['text'])}")
        if len(shown) < len(rows):
            console.print(f"    {'':<5} [dim]… {len(rows) - len(shown)} more in {group['year']} (--format json lists all)[/dim]")


def _only(groups: list[dict], keep: set[str]) -> list[dict]:
    kept = [{**g, "items": [i for i in g["items"] if i["iri"] in keep]} for g in groups]
    return [g for g in kept if g["items"]]


def _view_document(console, v: dict) -> None:
    _line(console, "period", v.get("period"))
    _line(console, "date", v.get("date"))
    if v.get("year"):
        console.print(f"  plan year: {v['year']}" + (f", {v['item_count']} items" if v.get("item_count") else ""))
    _nodes(console, "framework agreement", v["framework"])
    _nodes(console, "signed at", v["signed_at"], "date", "place")
    _nodes(console, "signatories", v["signatories"])
    _nodes(console, "witnesses", v["witnesses"])
    _nodes(console, "renews", v["renews"], "period")
    _nodes(console, "renewed by", v["renewed_by"], "period")
    _nodes(console, "framework of", v["framework_of"], "year")
    # Items usually both cite the document and are supported by it: list each item once.
    supports = {i["iri"] for g in v["supports"] for i in g["items"]}
    cited = {i["iri"] for g in v["cited_by"] for i in g["items"]}
    _items(console, "supports, and is cited by,", _only(v["supports"], supports & cited))
    _items(console, "supports", _only(v["supports"], supports - cited))
    _items(console, "cited by", _only(v["cited_by"], cited - supports))


def _view_place(console, v: dict) -> None:
    _items(console, "named in", v["mentioned_in"])
    _nodes(console, "meetings held here", v["meetings_held"], "date")


def _view_programme(console, v: dict) -> None:
    if v.get("first_year"):
        span = str(v["first_year"]) if v["first_year"] == v["last_year"] else f"{v['first_year']}–{v['last_year']}"
        console.print(f"  in the plans: {span}")
    _items(console, "named in", v["mentioned_in"])


def _view_person(console, v: dict) -> None:
    if v["posts"]:
        console.print("  posts:")
        for post in v["posts"]:
            where = f" ({post['institution']})" if post.get("institution") else ""
            console.print(f"    {post.get('date') or '':<10}  {escape(post['title'] + where)}")
    for label, key in (("chaired", "chaired"), ("signed", "signed"), ("witnessed", "witnessed")):
        _nodes(console, label, v[key], "date", "place")
    _items(console, "named in", v["mentioned_in"])


def _view_institution(console, v: dict) -> None:
    _nodes(console, "parent body", v["parent"])
    _nodes(console, "sub-bodies", v["sub_bodies"])
    _items(console, "responsible for", v["responsible_for"])
    _items(console, "named in", v["mentioned_in"])
    _nodes(console, "signed", v["signed"], "date")
    _nodes(console, "witnessed", v["witnessed"], "date")


def _view_meeting(console, v: dict) -> None:
    facts = [v.get("meeting_kind"), f"no. {v['ordinal']}" if v.get("ordinal") else None, v.get("date"),
             _names(v["places"]) or None]
    console.print(f"  meeting: {escape(' · '.join(f for f in facts if f))}")
    _nodes(console, "chaired by", v["chairs"])
    _nodes(console, "documents signed", v["documents_signed"])


def _view_item(console, v: dict) -> None:
    if v.get("plan"):
        console.print(f"  plan: {escape(v['plan']['label'])} ({v['year']}), item {v['number']}")
    _line(console, "section", v.get("section"))
    _line(console, "text", v.get("text"))
    _nodes(console, "responsible", v["agencies"])
    if v["named"]:
        console.print("  names:")
        for kind, entries in v["named"].items():
            console.print(f"    {kind}: {escape(_names(entries))}")
    _nodes(console, "cites", v["cites"], "period")
    _nodes(console, "supported by", v["supported_by"], "period")


_VIEWS = {"document": _view_document, "place": _view_place, "programme": _view_programme, "project": _view_programme,
          "person": _view_person, "institution": _view_institution, "meeting": _view_meeting, "item": _view_item}


def _print_history(console, db, iri: str, chain=None) -> None:
    """Issue 7: plan items show the items they continue and the items that continue them."""
    from ..carryover import confidence, history

    if chain is None:
        chain = history(db, iri)
    else:  # the item view's history, already read (lookup_views)
        chain = [(c["year"], c["number"], c["iri"], c["score"]) for c in chain]
    if len(chain) < 2:
        return
    console.print("  history:")
    for year, number, node, score in chain:
        mark = "[bold]◆[/bold]" if node == iri else "·"
        console.print(f"    {mark} {year}-{number}" + (f"  score {score:.3f} ({confidence(score)} confidence)" if score is not None else "") + f"  [dim]{node}[/dim]")


# Longer than any label or alias in the graph (the longest titles are about 80 characters); a pasted
# paragraph would take a minute to compare with every key.
MAX_NAME = 300


def lookup(
    text: str = typer.Argument(..., help="A name or alias, Traditional or Simplified, spaces and width ignored; a plan item as 2019-1; or an IRI, in full or as id:…"),
    type_: Optional[str] = typer.Option(None, "--type", help="Only nodes of this class, e.g. Place, Agreement."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    evidence: bool = typer.Option(False, "--evidence", help="Show the quoted source sentences with file and line."),
    limit: int = typer.Option(10, "--limit", help="At most this many nodes."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Find nodes by label or alias and show what the graph says about them."""
    import json
    import sys

    from .. import fold, lookup as finder

    one_of("--format", fmt, ("text", "json"))
    if limit < 1:
        raise UserError(f"--limit must be 1 or more, not {limit}")
    if not fold.search_key(text):
        raise UserError("give a name to look up, e.g. `coopkg lookup 前海`")
    if len(text) > MAX_NAME:
        raise UserError(f"a name of {len(text)} characters is longer than any in the graph; give at most {MAX_NAME}")
    db = open_read(store)
    hits = finder.find(db, text, type_=type_, limit=limit)
    offered = finder.unknown_type(db, type_) if not hits and type_ else None
    if offered:
        raise UserError(f"unknown --type {type_}; classes: {', '.join(offered)}")
    if fmt == "json":
        print(json.dumps([finder.as_json(h) for h in hits], ensure_ascii=False, indent=1))
    elif hits:
        _print(hits, evidence, db)
    if not hits:
        reference = finder.ITEM_REFERENCE.fullmatch(fold.search_key(text))
        iri = finder.as_iri(text)
        if iri:
            print(f"coopkg: no node <{iri}> in the graph" + (f" of type {type_}" if type_ else "")
                  + "; check the IRI, or look the name up instead", file=sys.stderr)
        elif reference:
            print(f"coopkg: no plan item {reference.group()} in the graph; `coopkg query plans` lists the plans "
                  "with their numbers of items", file=sys.stderr)
        else:
            print(f"coopkg: nothing in the graph is called '{text}'; try a shorter name or `coopkg query`", file=sys.stderr)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(lookup)
