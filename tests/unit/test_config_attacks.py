"""Clinic config files that are too big, too deep or too long for the PDF, and logos that are
too big, not images or cut short: one "file, line, key" message at load, or a warning - never
a RecursionError, minutes of --selftest, or an export that fails later."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop_app.infra import config as cfgmod
from desktop_app.infra.config import ConfigError, parse_config
from desktop_app.model import storage
from tests.attacks import one_line, run_app
from tests.conftest import EXAMPLE


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [60_000, 100_000])
def test_a_value_nested_deep_is_one_clear_message(tmp_path, depth):
    path = write(tmp_path / "config.yaml", "paper: A4\naddress: " + "[" * depth + "\n")
    if depth > cfgmod.MAX_CONFIG_BYTES:  # the file: over the size limit first
        with pytest.raises(ConfigError, match="config.yaml: is too large"):
            parse_config(path)
        return
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    message = str(info.value)
    assert "config.yaml" in message and "line 2" in message and "'address'" in message
    assert "nested too deeply" in message and len(message) < 300


def test_a_deep_block_value_names_line_and_key(tmp_path):
    text = "clinic_name: X\nphone:\n" + "".join("  " * i + "- \n" for i in range(1, 60))
    path = write(tmp_path / "config.yaml", text)
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert "'phone'" in str(info.value) and "line" in str(info.value)


def test_a_100_mb_value_is_refused_at_once(tmp_path):
    path = tmp_path / "config.yaml"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("clinic_name: ")
        fh.write("x" * (100 * 1024 * 1024))
        fh.write("\n")
    result = run_app("--config", path, "--selftest", timeout=60)
    assert result.returncode == 1
    line = one_line(result)
    assert "config.yaml" in line and "too large" in line


@pytest.mark.parametrize("key,value,problem", [
    ("clinic_name", "W" * 1900, "characters"),
    ("department", "W" * 500, "characters"),
    ("phone", "9" * 300, "characters"),
])
def test_lengths_the_pdf_cannot_lay_out_are_refused_at_load(tmp_path, key, value, problem):
    path = write(tmp_path / "config.yaml", f"paper: A4\n{key}: {value}\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    message = str(info.value)
    assert f"line 2: '{key}'" in message and problem in message and len(message) < 200


def test_an_address_of_43_lines_is_refused(tmp_path):
    body = "".join(f"  Line {i}\n" for i in range(43))
    path = write(tmp_path / "config.yaml", "address: |\n" + body)
    with pytest.raises(ConfigError, match=r"line 1: 'address': has 43 lines"):
        parse_config(path)


def test_the_longest_allowed_values_export(tmp_path, library, atlas):
    from desktop_app.services import export_pdf

    address = "\n".join("W" * cfgmod.MAX_ADDRESS_LINE for _ in range(cfgmod.MAX_ADDRESS_LINES))
    config = cfgmod.ClinicConfig(clinic_name="W" * cfgmod.MAX_LENGTHS["clinic_name"],
                                 department="W" * cfgmod.MAX_LENGTHS["department"],
                                 phone="9" * cfgmod.MAX_LENGTHS["phone"], address=address)
    out = tmp_path / "long.pdf"
    export_pdf(storage.load(EXAMPLE), out, config=config, content=library, atlas=atlas)
    assert out.read_bytes()[:5] == b"%PDF-"


def test_echoed_values_are_short(tmp_path):
    path = write(tmp_path / "config.yaml", "paper: " + "A" * 5000 + "\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert len(str(info.value)) < 200


def _png(path: Path, size: tuple[int, int]) -> Path:
    from PIL import Image

    Image.new("RGB", size, (27, 94, 122)).save(path, optimize=False)
    return path


def test_a_huge_logo_is_refused_at_load(tmp_path):
    """9,000 × 9,000: refused from its header (no decoding), with a warning naming it."""
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("1", (9000, 9000)).save(logo)  # small on disk, 81 Mpx
    config = parse_config(write(tmp_path / "c.yaml", "clinic_name: A\nlogo: logo.png\n"))
    assert config.logo_path() is None
    assert any("'logo'" in w and "million pixels" in w for w in config.warnings)


def test_a_large_logo_is_embedded_scaled_to_the_page(tmp_path, library, atlas):
    from pypdf import PdfReader

    from desktop_app.services import export_pdf

    logo = _png(tmp_path / "logo.png", (4000, 1600))
    config = parse_config(write(tmp_path / "c.yaml", "clinic_name: A\nlogo: logo.png\n"))
    assert config.warnings == ()
    out = tmp_path / "s.pdf"
    export_pdf(storage.load(EXAMPLE), out, config=config, content=library, atlas=atlas)
    page = PdfReader(out).pages[0]
    images = [x.get_object() for x in (page["/Resources"].get("/XObject") or {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert images, "the logo is in the PDF"
    widest = max(int(x["/Width"]) for x in images)
    assert widest <= 600, widest  # 5 cm at 300 dpi, not 4,000 pixels
    assert logo.stat().st_size > 0


@pytest.mark.parametrize("kind", ["not_an_image", "cut_short"])
def test_selftest_warns_on_a_logo_it_cannot_print(tmp_path, kind):
    logo = tmp_path / "logo.png"
    if kind == "not_an_image":
        logo.write_bytes(b"this is a text file called logo.png\n")
    else:
        buf = io.BytesIO()
        from PIL import Image

        Image.effect_noise((400, 200), 60).convert("RGB").save(buf, "PNG")
        logo.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    # every number given: the logo is the only thing to warn about
    cfg = write(tmp_path / "c.yaml", "clinic_name: A\nlogo: logo.png\nphone: 1\n"
                "out_of_hours_phone: 2\ncountry: US\n")
    result = run_app("--config", cfg, "--selftest")
    assert result.returncode == 0, result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if "warning" in ln]
    assert len(warnings) == 1 and "'logo'" in warnings[0], result.stderr
    assert "selftest ok" in result.stdout


def test_export_over_the_config_file_is_refused(tmp_path):
    cfg = write(tmp_path / "c.yaml", "clinic_name: A\n")
    before = cfg.read_bytes()
    result = run_app("export", EXAMPLE, "--config", cfg, "--out", cfg)
    assert result.returncode == 1 and "being read" in one_line(result)
    assert cfg.read_bytes() == before
