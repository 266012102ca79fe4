"""Progress of a squad run on stderr: a live bar on a terminal, plain lines elsewhere.

On a terminal: one line redrawn in place (at most ten times a second) with a bar, athletes
done of all, failures, the rate and the time left. Elsewhere (a log file, CI, a pipe): a plain
line at each tenth of the way, so a nightly job's log shows it moving. ``quiet``: nothing.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 24
REDRAW_SECONDS = 0.1


class Progress:
    """Counts finished athletes and shows it.

    Args:
        total: athletes in the run.
        stream: where to write (default stderr).
        tty: draw the live bar (default: when ``stream`` is a terminal).
        quiet: show nothing.
    """

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        tty: bool | None = None,
        quiet: bool = False,
    ) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.quiet = quiet
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._tenths = 0

    @property
    def rate(self) -> float:
        """Athletes per second so far."""
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def update(self, ok: bool) -> None:
        """One more athlete finished (``ok``: with a plan)."""
        self.done += 1
        self.failed += not ok
        if self.quiet:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= REDRAW_SECONDS or self.done == self.total:
                self._drawn = now
                self.stream.write("\r" + self.line(bar=True) + "\x1b[K")
                self.stream.flush()
            return
        tenths = self.done * 10 // max(1, self.total)
        if tenths > self._tenths:
            self._tenths = tenths
            self.stream.write(self.line(bar=False) + "\n")
            self.stream.flush()

    def close(self) -> None:
        """End the bar's line (the summary follows on its own line)."""
        if self.tty and not self.quiet and self.done:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, *, bar: bool) -> str:
        """``squad [#####-----]  120/200 athletes, 2 failed, 9.8/s, 8 s left``."""
        rate = self.rate
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        head = "squad"
        if bar:
            filled = self.done * BAR_WIDTH // max(1, self.total)
            head += " [" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"
        failed = f", {self.failed} failed" if self.failed else ""
        eta = f", {_duration(left)} left" if self.done < self.total else ""
        return f"{head} {self.done}/{self.total} athletes{failed}, {rate:.1f}/s{eta}"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
