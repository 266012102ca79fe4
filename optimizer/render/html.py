"""The pages' shared frame: escaping, one stylesheet, the document shell and its CSP.

Every string that comes from a calendar (titles, the plan's name) is untrusted: it goes
through :func:`esc` and nowhere else. The pages carry a Content-Security-Policy in a
``<meta>`` tag that allows exactly their own inline style and script (by SHA-256) and
nothing from the network, so even a mistake in escaping could not load or run anything;
the feed server sends the same policy as a header.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable

STYLE = """
:root{--ink:#16191d;--muted:#4b5563;--line:#c9ced6;--bg:#f4f5f7;--card:#fff;
--long:#1d4ed8;--hard:#be185d;--easy:#027a48;--race:#6b21a8;--other:#4b5563;--strength:#c2410c;
--focus:#1d4ed8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.25rem 0 .5rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:0 0 .25rem}
h4{font-size:.95rem;margin:.75rem 0 .25rem}
a{color:#1743b3}
a:focus-visible,summary:focus-visible,button:focus-visible,input:focus-visible{
outline:3px solid var(--focus);outline-offset:2px}
.lede{color:var(--muted);margin:.25rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:.75rem 1rem;margin:1rem 0}
.links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;padding:0;margin:.5rem 0;list-style:none}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.5rem 0;list-style:none;
font-size:.9rem}
.legend li::before{content:"";display:inline-block;width:.8em;height:.8em;margin-right:.35em;
border-radius:2px;vertical-align:-.05em;background:var(--c)}
.k-long{--c:var(--long)}.k-hard{--c:var(--hard)}.k-easy{--c:var(--easy)}
.k-race{--c:var(--race)}.k-other{--c:var(--other)}.k-strength{--c:var(--strength)}
.week-dates{font-weight:400;color:var(--muted);font-size:.95rem}
.tag{display:inline-block;font-size:.8rem;font-weight:600;border:1px solid var(--line);
border-radius:999px;padding:0 .5em;margin-left:.25rem;color:var(--muted);background:#fff}
.days{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:1fr;gap:.5rem}
.day{border-top:1px solid var(--line);padding-top:.4rem;min-width:0}
.day.empty{display:none}
.day-empty{color:var(--muted);font-size:.85rem;margin:0}
@media (min-width:56rem){
.days{grid-template-columns:repeat(7,minmax(0,1fr))}
.day.empty{display:block}
}
.items{list-style:none;margin:0;padding:0}
.item{border-left:4px solid var(--c);background:#fafafa;border-radius:4px;
padding:.3rem .45rem;margin:.3rem 0;font-size:.9rem;overflow-wrap:anywhere}
.item .kind{display:block;font-size:.75rem;font-weight:700;text-transform:uppercase;
letter-spacing:.03em;color:var(--c)}
.item .time{font-variant-numeric:tabular-nums;color:var(--muted)}
.item.k-race{background:#f5f0fb;border-left-width:8px}
.item.k-race .title{font-weight:700}
.item.k-strength{background:#fff7f2}
.session summary{cursor:pointer}
.session summary .kind{display:inline-block}
.session summary .time{display:block}
.session summary .title{font-weight:600}
.session[open]{background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.12)}
.exercises{padding-left:1.2rem;margin:.25rem 0}
.exercises li{margin:.2rem 0}
.howto,.swaps{color:var(--muted);font-size:.85rem;margin:.1rem 0 0}
.reasons{padding-left:1.1rem;margin:.25rem 0}
.plain{white-space:pre-wrap;font:inherit;margin:.25rem 0}
.chart{width:100%;height:auto;max-height:22rem}
.chart text{font-size:11px;fill:var(--ink)}
.chart .grid{stroke:#d9dde3}
.bar-run{fill:var(--long)}.bar-strength{fill:var(--strength)}
table{border-collapse:collapse;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.2rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.buttons{display:flex;flex-wrap:wrap;gap:.6rem;padding:0;margin:.5rem 0;list-style:none}
.button{display:inline-block;padding:.6rem 1rem;border-radius:8px;border:1px solid #1743b3;
background:#1743b3;color:#fff;text-decoration:none;font-weight:600}
.button.secondary{background:#fff;color:#1743b3}
button{font:inherit;padding:.45rem .9rem;border-radius:8px;border:1px solid #1743b3;
background:#fff;color:#1743b3;font-weight:600;cursor:pointer}
.copy{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.copy input{flex:1 1 20rem;min-width:0;font:inherit;font-size:.9rem;padding:.45rem;
border:1px solid var(--line);border-radius:6px}
.qr{width:14rem;max-width:100%;height:auto;display:block;background:#fff}
.qr path{fill:#000}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
footer{color:var(--muted);font-size:.85rem;margin:2rem 0 1rem}
@media print{
body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}
.card{border:none;padding:0;margin:.5rem 0}
.week{break-inside:avoid-page}
.noprint{display:none}
.days{grid-template-columns:repeat(7,minmax(0,1fr))}
.day.empty{display:block}
.session summary{list-style:none}
details::details-content{content-visibility:visible;display:block}
.session{box-shadow:none}
a{color:inherit;text-decoration:none}
}
""".strip()

#: Opens every session before printing (and CSS shows their contents where supported).
PRINT_SCRIPT = (
    'addEventListener("beforeprint",()=>{'
    'for(const d of document.querySelectorAll("details"))d.open=true});'
)

#: The subscribe page's "Copy" buttons (the URL stays selectable without them).
COPY_SCRIPT = (
    'for(const b of document.querySelectorAll("button[data-copy]")){b.hidden=false;'
    'b.addEventListener("click",()=>{const i=document.getElementById(b.dataset.copy);'
    'i.select();const done=()=>{b.textContent="Copied"};'
    "if(navigator.clipboard){navigator.clipboard.writeText(i.value).then(done,"
    '()=>{document.execCommand("copy");done()})}else{document.execCommand("copy");done()}})}'
)


def esc(text: object) -> str:
    """Text or attribute value, escaped for HTML (quotes too)."""
    return html.escape(str(text), quote=True)


def _digest(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def csp(script: str | None) -> str:
    """The pages' Content-Security-Policy: their own style and script, nothing else."""
    parts = ["default-src 'none'", f"style-src {_digest(STYLE)}", "img-src data:"]
    if script:
        parts.append(f"script-src {_digest(script)}")
    parts += ["base-uri 'none'", "form-action 'none'"]
    return "; ".join(parts)


def document(title: str, body: Iterable[str], *, script: str | None = None) -> bytes:
    """A whole page: ``lang``, viewport, CSP, the stylesheet, ``body`` and the inline script.

    Args:
        title: the page title (escaped here).
        body: HTML fragments, already escaped.
        script: the one inline script, or None.
    """
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(script))}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="robots" content="noindex, nofollow">',
        '<meta name="color-scheme" content="light">',
        f"<title>{esc(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]
    tail = [f"<script>{script}</script>"] if script else []
    tail += ["</body>", "</html>", ""]
    return "\n".join([*head, *body, *tail]).encode("utf-8")
