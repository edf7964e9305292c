"""The query page `coopkg serve` shows a browser at /sparql: one self-contained HTML document, no
external scripts or styles, so it works offline and behind any firewall."""

QUERY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coopkg SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:70em}
textarea{width:100%;height:14em;font-family:ui-monospace,monospace;font-size:.95em}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;text-align:left}
#status{color:#555;margin-left:1em}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}
</style></head><body>
<h1>coopkg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the union of all named graphs; prefixes coop:, rdfs:, skos:, oa:, dcterms: are predeclared.
<a href="/">Home</a></p>
<form id="f"><textarea id="q" name="query" spellcheck="false">PREFIX coop: <https://w3id.org/coopkg/ontology#>
SELECT ?plan ?year (COUNT(DISTINCT ?item) AS ?items)
WHERE { ?plan a coop:Plan ; coop:year ?year ; coop:hasItem ?item }
GROUP BY ?plan ?year ORDER BY ?year</textarea>
<p><label>Results as <select id="fmt">
<option value="application/sparql-results+json, text/turtle;q=0.9">table (JSON); Turtle for CONSTRUCT/DESCRIBE</option>
<option value="text/csv">CSV</option><option value="text/tab-separated-values">TSV</option>
<option value="application/sparql-results+xml">XML</option>
<option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
<option value="application/n-triples">N-Triples (CONSTRUCT/DESCRIBE)</option>
<option value="application/ld+json">JSON-LD (CONSTRUCT/DESCRIBE)</option>
</select></label> <button type="submit">Run</button><span id="status"></span></p></form>
<div id="out"></div>
<script>
const f=document.getElementById('f'),q=document.getElementById('q'),fmt=document.getElementById('fmt'),
      out=document.getElementById('out'),status=document.getElementById('status');
function cell(t){const td=document.createElement('td');if(t){td.textContent=t.value;
  if(t['xml:lang'])td.title='@'+t['xml:lang'];else if(t.datatype)td.title=t.datatype;}return td;}
function table(data){const tb=document.createElement('table'),head=tb.insertRow();
  for(const v of data.head.vars){const th=document.createElement('th');th.textContent=v;head.appendChild(th);}
  for(const b of data.results.bindings){const tr=tb.insertRow();for(const v of data.head.vars)tr.appendChild(cell(b[v]));}
  return tb;}
f.addEventListener('submit',async e=>{e.preventDefault();out.textContent='';status.textContent='running…';
  const t0=performance.now();
  try{const r=await fetch('/sparql',{method:'POST',headers:{'Content-Type':'application/sparql-query','Accept':fmt.value},body:q.value});
    const text=await r.text(),ms=Math.round(performance.now()-t0),type=r.headers.get('content-type')||'';
    if(!r.ok){status.textContent='error '+r.status+' ('+ms+' ms)';const p=document.createElement('pre');p.textContent=text;out.appendChild(p);return;}
    const rows=r.headers.get('X-Coopkg-Rows'),cut=r.headers.get('X-Coopkg-Truncated')==='true';
    status.textContent=(rows&&rows!=='-1'?rows+' rows':'done')+(cut?' (cut at the row limit)':'')+', '+ms+' ms';
    if(type.startsWith('application/sparql-results+json')){const d=JSON.parse(text);
      if('boolean' in d){out.textContent=String(d.boolean);}else out.appendChild(table(d));}
    else{const p=document.createElement('pre');p.textContent=text;out.appendChild(p);}
  }catch(err){status.textContent='failed: '+err;}
});
</script></body></html>
"""
