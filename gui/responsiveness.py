"""Interpreter settings that keep the window answering while workers run (issue 7).

Two pauses the window cannot see coming, each measured at 100-500 ms here:

- Reads and exports run on worker threads, in Python too; every event the window
  handles in Python (painting a list, the idle lock's event filter) waits for the
  interpreter's lock. Python hands it over every 5 ms by default, so a dialog opening
  while an export runs waited hundreds of times 5 ms. Every 0.2 ms: stalls of 500 ms
  became about 120 ms, and the export took no longer (measured at 1M cases).
- The garbage collector's full pass walks every object the program holds, most of them
  made once at start (modules, classes, SQLAlchemy's mappers): 100-250 ms at a time.
  Those are moved out of its reach when the window is made (without a collection
  first: the little garbage of start-up is not worth the pause).
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL = 0.0002  # seconds


def keep_answering() -> None:
    """Hand the interpreter between threads every 0.2 ms; keep start-up objects out of GC."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.freeze()
