"""Vocabulary and term helpers shared by every stage that writes RDF (pyoxigraph terms)."""

from __future__ import annotations

import hashlib
import re

from pyoxigraph import Literal, NamedNode, Quad  # noqa: F401 (Literal re-exported)

from . import ids

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
COOP = ids.COOP

PREFIXES = {
    "coop": COOP,
    "id": ids.BASE,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCT,
    "oa": OA,
    "prov": PROV,
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "http://www.w3.org/ns/org#",
}

TYPE = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
ALT = NamedNode(SKOS + "altLabel")


def coop(name: str) -> NamedNode:
    return NamedNode(COOP + name)


def iri(value: str) -> NamedNode:
    return NamedNode(value)


def typed(value, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def date_literal(value: str) -> Literal:
    """'2019-05-16' -> xsd:date, '2016-05' -> xsd:gYearMonth, '2017' -> xsd:gYear."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return typed(value, "date")
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return typed(value, "gYearMonth")
    if re.fullmatch(r"\d{4}", value):
        return typed(value, "gYear")
    return Literal(value)


def statement_iri(s: NamedNode, p: NamedNode, o) -> NamedNode:
    digest = hashlib.sha1(f"{s.value} {p.value} {o}".encode()).hexdigest()[:16]
    return NamedNode(f"{ids.BASE}statement/{digest}")


class Quads:
    """Collects quads for one named graph; `fact` adds a triple plus a reified statement carrying evidence."""

    def __init__(self, graph: NamedNode):
        self.graph = graph
        self.items: list[Quad] = []

    def add(self, s, p, o) -> None:
        self.items.append(Quad(s, p, o, self.graph))

    def fact(self, s, p, o, mention: NamedNode | None) -> None:
        self.add(s, p, o)
        if mention is None:
            return
        st = statement_iri(s, p, o)
        self.add(st, TYPE, NamedNode(RDF + "Statement"))
        self.add(st, NamedNode(RDF + "subject"), s)
        self.add(st, NamedNode(RDF + "predicate"), p)
        self.add(st, NamedNode(RDF + "object"), o)
        self.add(st, coop("evidence"), mention)
