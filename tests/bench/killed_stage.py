"""A benchmark stage that dies as the out-of-memory killer would end it: it records one RSS
sample in the timeline it is given, then sends itself SIGKILL (used by test_bench_scale)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

if __name__ == "__main__":
    Path(sys.argv[1]).write_text("0.0 10.0 start\n12.5 2900.0 commit\n")
    os.kill(os.getpid(), signal.SIGKILL)
