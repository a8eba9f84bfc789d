"""The interpreter settings the window makes for itself."""

from __future__ import annotations

import gc
import sys

import pytest

from gui.responsiveness import SWITCH_INTERVAL, keep_answering


def test_threads_take_turns_often_and_start_up_objects_leave_the_collector() -> None:
    before = gc.get_freeze_count()
    kept = object()  # alive now: frozen by the call below
    keep_answering()
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    assert gc.get_freeze_count() > before and kept is not None
    gc.unfreeze()  # the rest of the test run collects as usual
