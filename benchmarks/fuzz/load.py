"""How busy the machine was while the suite ran: its figures are only as good as that.

The load averages (1 minute) are sampled after every case; on Linux ``/proc/stat`` also gives
the CPU time every process on the machine used, so the share of it that was not the suite's
(the suite and its cases are this process and its children) is other people's work.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC_STAT = Path("/proc/stat")


def _machine_cpu() -> tuple[float, float] | None:
    """(busy, all) CPU seconds of the whole machine since boot, or None off Linux."""
    try:
        first = PROC_STAT.read_text(encoding="ascii").splitlines()[0].split()
    except (OSError, IndexError):
        return None
    ticks = [int(v) for v in first[1:9]]  # user nice system idle iowait irq softirq steal
    tick = os.sysconf("SC_CLK_TCK")
    idle = ticks[3] + ticks[4]
    return (sum(ticks) - idle) / tick, sum(ticks) / tick


def _own_cpu() -> float:
    """CPU seconds of this process and of its children that were waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        use = resource.getrusage(who)
        total += use.ru_utime + use.ru_stime
    return total


@dataclass
class Load:
    """The machine's load over one run of the suite."""

    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    samples: list[float] = field(default_factory=list)  # 1-minute load average
    wall: float = 0.0
    machine_busy: float | None = None  # CPU seconds used on the machine, all processes
    suite: float = 0.0  # CPU seconds of the suite and its cases
    _began: tuple[float, tuple[float, float] | None, float] | None = None

    def start(self) -> None:
        self._began = (time.monotonic(), _machine_cpu(), _own_cpu())
        self.sample()

    def sample(self) -> None:
        self.samples.append(os.getloadavg()[0])

    def stop(self) -> None:
        self.sample()
        if self._began is None:
            return
        wall0, machine0, own0 = self._began
        self.wall = time.monotonic() - wall0
        self.suite = _own_cpu() - own0
        machine1 = _machine_cpu()
        if machine0 is not None and machine1 is not None:
            self.machine_busy = machine1[0] - machine0[0]

    def words(self) -> str:
        """One sentence a reader can judge the timings by."""
        if not self.samples:
            return "load not measured"
        text = (
            f"{self.cores} cores; 1-minute load average {self.samples[0]:.2f} at the start, "
            f"{self.samples[-1]:.2f} at the end, {max(self.samples):.2f} at most "
            f"(mean {sum(self.samples) / len(self.samples):.2f} over {len(self.samples)} samples)"
        )
        if self.machine_busy is not None and self.wall > 0:
            others = max(0.0, self.machine_busy - self.suite)
            text += (
                f"; of the machine's {self.cores * self.wall:.0f} CPU seconds, the suite used "
                f"{self.suite:.0f} and other processes {others:.0f} "
                f"({others / self.wall:.2f} cores on average)"
            )
        return text
