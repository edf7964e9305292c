"""Curated gazetteers: one TSV file per entity type, rows sorted by `id` (a stable ASCII slug).

List cells are `|`-separated: `aliases` name the entity anywhere (Simplified forms included);
`short` only where the full name is in the same item or paragraph (大橋); `abbrev` only inside
compounds (港 in 粵港); `posts` are `title@YYYY-MM-DD..YYYY-MM-DD`, the end empty while in post.
`parent` is the enclosing entity (parent body, containing place, the project or fund a part
belongs to); `kind` refines `type`. `not_programmes.tsv`: 「」 slogans that are not programmes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

DIR = Path(__file__).with_name("gazetteers")
FILES = {"institutions": "Institution", "places": "Place", "projects": "Project", "people": "Person", "programmes": "Programme"}
COLUMNS = ("id", "type", "kind", "name", "aliases", "short", "abbrev", "en", "parent")
PERSON_COLUMNS = COLUMNS + ("posts",)


class Post(NamedTuple):
    title: str
    start: date
    end: date | None = None

    @classmethod
    def parse(cls, text: str) -> Post:
        title, _, span = text.rpartition("@")
        start, dots, end = span.partition("..")
        if not title or not dots:
            raise ValueError(f"post {text!r}: expected title@YYYY-MM-DD..YYYY-MM-DD (end may be empty)")
        return cls(title, date.fromisoformat(start), date.fromisoformat(end) if end else None)

    def __str__(self) -> str:
        return f"{self.title}@{self.start.isoformat()}..{self.end.isoformat() if self.end else ''}"


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    en: str = ""
    parent: str = ""
    kind: str = ""
    short: tuple[str, ...] = ()
    abbrev: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def posts_on(self, day: date) -> tuple[str, ...]:
        return tuple(p.title for p in self.posts if p.start <= day and (p.end is None or day <= p.end))


class NotProgramme(NamedTuple):
    name: str
    aliases: tuple[str, ...]
    why: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(cell.split("|")) if cell else ()


def _rows(path: Path) -> Iterable[dict[str, str]]:
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    for number, line in enumerate(lines, start=2):
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ValueError(f"{path.name}:{number}: {len(cells)} cells, the header has {len(columns)}")
        yield dict(zip(columns, cells))


def _entry(row: dict[str, str]) -> Entry:
    return Entry(
        id=row["id"], type=row["type"], name=row["name"], aliases=_split(row["aliases"]), en=row["en"],
        parent=row["parent"], kind=row["kind"], short=_split(row["short"]), abbrev=_split(row["abbrev"]),
        posts=tuple(Post.parse(cell) for cell in _split(row.get("posts", ""))))


@lru_cache(maxsize=None)
def _load(kind: str) -> tuple[Entry, ...]:
    if kind not in FILES:
        raise ValueError(f"no gazetteer {kind!r}; choose from {', '.join(FILES)}")
    return tuple(_entry(row) for row in _rows(DIR / f"{kind}.tsv"))


def load(kind: str) -> list[Entry]:
    """One file's entries: `institutions`, `places`, `projects`, `people` or `programmes`."""
    return list(_load(kind))


def load_all() -> list[Entry]:
    return [entry for kind in FILES for entry in _load(kind)]


def load_not_programmes() -> list[NotProgramme]:
    return [NotProgramme(r["name"], _split(r["aliases"]), r["why"]) for r in _rows(DIR / "not_programmes.tsv")]


def _cell(value: str | tuple) -> str:
    listed = isinstance(value, tuple)
    parts = [str(part) for part in value] if listed else [value]
    if any(ch in part for part in parts for ch in "\t\n\r" + "|" * listed) or (listed and "" in parts):
        raise ValueError(f"{value!r} cannot be written to a gazetteer cell")
    return "|".join(parts)


def _write(path: Path, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    lines = ["\t".join(columns)] + ["\t".join(_cell(value) for value in row) for row in rows]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def dump(entries: Iterable[Entry], path: Path | str) -> None:
    """Write the canonical file: header, rows sorted by id; people files carry `posts`."""
    entries = sorted(entries, key=lambda e: e.id)
    columns = PERSON_COLUMNS if any(e.type == "Person" for e in entries) else COLUMNS
    _write(Path(path), columns, (tuple(getattr(e, column) for column in columns) for e in entries))


def dump_not_programmes(rows: Iterable[NotProgramme], path: Path | str) -> None:
    _write(Path(path), ("name", "aliases", "why"), sorted(rows, key=lambda r: r.name))


@lru_cache(maxsize=4)
def _surface_table(short: bool, abbrev: bool) -> dict[str, tuple[Entry, ...]]:
    import opencc  # only when surfaces are wanted; loading entries needs no converter
    converters = (opencc.OpenCC("t2s"), opencc.OpenCC("s2t"))
    table: dict[str, dict[Entry, None]] = {}
    for entry in load_all():
        names = entry.surfaces + (entry.short if short else ()) + (entry.abbrev if abbrev else ())
        for name in names:
            for form in (name, *(c.convert(name) for c in converters)):
                table.setdefault(form, {})[entry] = None
    return {form: tuple(found) for form, found in table.items()}


def by_surface(*, short: bool = False, abbrev: bool = False) -> dict[str, list[Entry]]:
    """Every name and alias, and its OpenCC t2s and s2t forms, to its entries; context forms on request."""
    return {form: list(found) for form, found in _surface_table(short, abbrev).items()}
