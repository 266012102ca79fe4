"""QR codes made here, drawn as inline SVG: no image service ever sees a feed URL.

``segno`` (pure Python) encodes the text; this module draws the modules as one SVG path of
horizontal runs, with a quiet zone of four modules as the standard asks.
"""

from __future__ import annotations

from optimizer.render.html import esc

BORDER = 4


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules, quiet zone included (True: dark)."""
    import segno

    code = segno.make(text, error="m", micro=False)
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=BORDER)]


def qr_svg(text: str, *, label: str) -> str:
    """An ``<svg role="img">`` of the QR code of ``text``, described by ``label``."""
    rows = qr_matrix(text)
    size = len(rows)
    parts = []
    for y, row in enumerate(rows):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return (
        f'<svg class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{esc(label)}" '
        'xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{"".join(parts)}"/></svg>'
    )
