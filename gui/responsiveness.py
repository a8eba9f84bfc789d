"""Process-wide settings that keep the window answering while workers run (issue 7).

They change the whole interpreter, so they are made in one place, once, by the program
at start (``tune_process``, called from gui/app.py before the main window is made), and
not by any widget: the tests build windows without them, and a test that wants one
asks for it.
"""

from __future__ import annotations

import gc
import sys

from gui.session_guard import unwatch_input_during_work

SWITCH_INTERVAL = 0.0002  # seconds


def tune_process() -> None:
    """Set the three process-wide tweaks; each one's measurement says why.

    - **Threads take turns every 0.2 ms** (``sys.setswitchinterval``). Reads and exports
      run on worker threads, in Python too; every event the window handles in Python
      (painting a list, the idle lock's event filter) waits for the interpreter's lock,
      which Python hands over every 5 ms by default: a dialog opening while an export
      ran waited hundreds of times 5 ms. At 0.2 ms the window's longest stall went from
      about 500 ms to about 120 ms, and the export took no longer (1M cases).
    - **Start-up objects leave the collector** (``gc.freeze``). The garbage collector's
      full pass walks every object the program holds, most of them made once at start
      (modules, classes, SQLAlchemy's mappers): 100–250 ms at a time at 1M cases. Call
      this once those are made (no collection first: the little garbage of start-up is
      not worth the pause). The collector is turned on here too: main.py keeps it off
      while the modules are imported.
    - **The idle lock stops filtering input during long work**
      (``unwatch_input_during_work``): its event filter on the windows is Python, so
      with a worker busy each event of a repaint waited for the interpreter (a progress
      dialog took half a second to appear). With the three, the longest stall at 10k
      went from 235 ms to under 50 ms and at 1M to about 200 ms (README, 性能).
    """
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.freeze()
    gc.enable()
    unwatch_input_during_work()
