"""Talking to a SPARQL 1.1 server over HTTP: one client with the person's credentials, queries
answered as plain value tuples, and the errors people meet (unreachable, 401, 403) as one line.

Used by `coopkg push` to count back what it sent, and by the tests and the load benchmark to ask
the named queries of a remote server.
"""

from __future__ import annotations

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


def select(http, endpoint: str, query: str) -> tuple[list[str], list[tuple]]:
    """A SELECT's variables and its rows as tuples of term values (None where unbound)."""
    response = send(http, "POST", endpoint, data={"query": query}, headers={"Accept": RESULTS_JSON})
    try:
        data = response.json()
    except ValueError:
        raise UserError(f"{endpoint} did not answer with SPARQL JSON results; is it the query endpoint?") from None
    names = data["head"]["vars"]
    return names, [tuple(row.get(n, {}).get("value") for n in names) for row in data["results"]["bindings"]]


def count_graph(http, endpoint: str, graph: str) -> int:
    _, rows = select(http, endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def with_values(text: str, bindings: dict) -> str:
    """A named query's text with its parameters bound by a trailing VALUES block, for servers that
    take no substitutions. Parameters appear in the projection (queries/README rule), so joining
    the values after the query keeps exactly the rows the substitution would have given."""
    if not bindings:
        return text
    names = " ".join(f"?{variable.value}" for variable in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({terms}) }}\n"
