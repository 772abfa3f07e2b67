"""A sign-off file that is a pipe or a link to /dev/zero: the export still makes the PDF (it
then says no clinician here reviewed the text) and --selftest ends; neither hangs or reads
/dev/zero into memory. Real subprocesses."""

from __future__ import annotations

import sys

import pytest

from tests.attacks import fifo, run_app, zero_link
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and devices")


@pytest.mark.parametrize("make", [fifo, zero_link], ids=["fifo", "dev-zero"])
def test_export_and_selftest_with_an_odd_signoff_file(tmp_path, make):
    make(tmp_path / "clinical-signoff.json")
    config = tmp_path / "config.yaml"
    config.write_text("clinic_name: Test Clinic\n", encoding="utf-8")
    out = tmp_path / "summary.pdf"
    result = run_app("--config", config, "export", EXAMPLE, "--out", out, timeout=120,
                     memory=2 << 30)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Traceback" not in result.stderr
    selftest = run_app("--config", config, "--selftest", timeout=120, memory=2 << 30)
    assert "Traceback" not in selftest.stderr and "MemoryError" not in selftest.stderr
