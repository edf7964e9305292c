"""Every Mention in the built graph quotes exactly the original text between its offsets."""

from __future__ import annotations

from kg_build.paths import corpus_dir
from kg_build.read import load_manifest, read_file

_MENTIONS = """
SELECT DISTINCT ?m ?name ?start ?end ?exact WHERE {
  ?m a coop:Mention ; oa:hasSource/dcterms:identifier ?name ;
     oa:hasSelector [ oa:start ?start ; oa:end ?end ] ; oa:hasSelector [ oa:exact ?exact ] .
}"""


def test_every_mention_quotes_the_source(db):
    from kg_build.sparql import run

    folder = corpus_dir()
    texts = {name: read_file(folder / name, name).text for name in load_manifest(folder)}
    rows = list(run(db, _MENTIONS))
    assert len(rows) > 1000
    wrong = [
        (row["name"].value, row["start"].value, row["exact"].value)
        for row in rows
        if texts[row["name"].value][int(row["start"].value) : int(row["end"].value)] != row["exact"].value
    ]
    assert wrong == []


def test_document_relations_carry_evidence(db):
    from kg_build.sparql import run

    query = """
    SELECT (COUNT(*) AS ?n) WHERE {
      VALUES ?p { coop:cites coop:supports coop:signedAt coop:chairedBy coop:heldIn coop:renews }
      ?s ?p ?o .
      FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; coop:evidence ?m }
    }"""
    assert int(next(iter(run(db, query)))["n"].value) == 0


def test_line_numbers_count_lf_crlf_and_lone_cr_line_ends():
    from kg_build.to_rdf import line_number

    text = "one\ntwo\r\nthree\rfour"
    assert [line_number(text, text.index(w)) for w in ("one", "two", "three", "four")] == [1, 2, 3, 4]
