"""Talking to a SPARQL 1.1 server over HTTP: one client with the person's credentials, queries
answered as plain value tuples, and the errors people meet (unreachable, 401, 403) as one line.

Used by `coopkg push` to count back what it sent, and by the tests and the load benchmark to ask
the named queries of a remote server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UserError

RESULTS_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Credentials:
    user: str | None = None
    password: str | None = None
    digest: bool = False

    def auth(self):
        import httpx

        if not self.user:
            return None
        return httpx.DigestAuth(self.user, self.password or "") if self.digest else httpx.BasicAuth(self.user, self.password or "")


def client(credentials: Credentials = Credentials(), timeout: float = 120.0):
    import httpx

    return httpx.Client(auth=credentials.auth(), timeout=timeout, follow_redirects=True, trust_env=False)


def _why(status: int, url: str, body: str) -> str:
    reasons = {
        401: "needs credentials: give --user and --password (Virtuoso's /sparql-auth routes want --digest)",
        403: "refused the write: the account may not update (Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\" in isql, "
             "or use the -auth routes with --user/--password --digest)",
        404: "has no such route: check the URL (Oxigraph: /query, /update, /store; Virtuoso: /sparql, /sparql-graph-crud)",
    }
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")[:200]
    return f"{url} answered {status}: " + reasons.get(status, first or "no details")


def send(http, method: str, url: str, **kwargs):
    """One request; any transport failure or HTTP error becomes a UserError naming the URL."""
    import httpx

    try:
        response = http.request(method, url, **kwargs)
    except httpx.ConnectError:
        raise UserError(f"cannot reach {url}: is the server running, and is the address right?") from None
    except httpx.TimeoutException:
        raise UserError(f"{url} did not answer in time; try again, or push to a less busy server") from None
    except httpx.HTTPError as exc:
        raise UserError(f"request to {url} failed: {exc}") from None
    if response.status_code >= 400:
        raise UserError(_why(response.status_code, url.split("?")[0], response.text))
    return response


def select(http, endpoint: str, query: str, graphs: tuple[str, ...] = ()) -> tuple[list[str], list[tuple]]:
    """A SELECT's variables and its rows as tuples of term values (None where unbound); with
    `graphs`, the dataset is those graphs: their merge as default graph, and them as named graphs."""
    form = {"query": query, "default-graph-uri": list(graphs), "named-graph-uri": list(graphs)}
    response = send(http, "POST", endpoint, data=form, headers={"Accept": RESULTS_JSON})
    if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's "anytime" answer: rows so far, no error
        raise UserError(f"{endpoint} answered only part of a query before its time limit (Virtuoso's anytime "
                        "results); raise MaxQueryExecutionTime in its [SPARQL] settings, or retry when it is less busy")
    try:
        data = response.json()
    except ValueError:
        raise UserError(f"{endpoint} did not answer with SPARQL JSON results; is it the query endpoint?") from None
    names = data["head"]["vars"]
    return names, [tuple(row.get(n, {}).get("value") for n in names) for row in data["results"]["bindings"]]


def count_graph(http, endpoint: str, graph: str) -> int:
    _, rows = select(http, endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


# What a variable may hide inside: IRIs, strings and comments are copied through untouched.
_TOKENS = re.compile("|".join((
    r'(?P<iri><[^<>"{}|^`\\\s]*>)',
    r'(?P<string>"{3}(?:[^\\]|\\.)*?"{3}' + r"|'{3}(?:[^\\]|\\.)*?'{3}" + r'|"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*')",
    r'(?P<comment>#[^\n]*)',
    r'(?P<var>[?$][A-Za-z_0-9\u00B7\u00C0-\uFFFF]+)',
    r'(?P<word>[A-Za-z]+)',
    r'(?P<open>\{)',
    r'(?P<close>\})',
)))


def _where_span(text: str) -> tuple[int, int]:
    """Start and end of the outermost WHERE group (the first braces when WHERE is left out)."""
    start = depth = None
    for token in _TOKENS.finditer(text):
        kind = token.lastgroup
        if start is None and kind == "word" and token.group().upper() == "WHERE":
            start = -1
        elif kind == "open":
            if start in (None, -1) and depth is None:
                start, depth = token.end(), 0
            if depth is not None:
                depth += 1
        elif kind == "close" and depth is not None:
            depth -= 1
            if depth == 0:
                return start, token.start()
    raise ValueError("no WHERE group found in the query")


def _written(term) -> str:
    """A term as SPARQL text. Non-ASCII plain strings carry their datatype explicitly, because
    Virtuoso 7 reads an untyped non-ASCII literal in a query as a narrow string ("前海" becomes "??");
    ASCII ones stay untyped, because Virtuoso 7 then matches them against stored plain literals
    in triple patterns ("2019-1"^^xsd:string matches no stored "2019-1")."""
    from pyoxigraph import Literal

    if isinstance(term, Literal) and not term.language and term.datatype.value.endswith("#string") and not term.value.isascii():
        return f"{term}^^<{term.datatype.value}>"
    return str(term)


def inline(text: str, bindings: dict) -> str:
    """A named query with its parameters written in, for servers that take no substitutions.

    Inside the WHERE group each parameter variable becomes its term, as pyoxigraph's substitution
    binds it everywhere (also inside UNION branches and FILTER EXISTS); a BIND at the top of the
    group keeps the variable for the projection, GROUP BY and ORDER BY."""
    if not bindings:
        return text
    values = {variable.value: _written(term) for variable, term in bindings.items()}
    start, end = _where_span(text)

    def replace(token: re.Match) -> str:
        name = token.group()[1:] if token.lastgroup == "var" else None
        return values.get(name, token.group()) if name else token.group()

    body = _TOKENS.sub(replace, text[start:end])
    binds = "".join(f"\n  BIND({term} AS ?{name})" for name, term in values.items())
    return text[:start] + binds + body + text[end:]
