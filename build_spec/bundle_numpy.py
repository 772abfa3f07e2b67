"""numpy for the Linux bundle, built from its source without BLAS/LAPACK.

numpy's Linux wheel links its core to OpenBLAS, which brings libgfortran and libquadmath:
27 MiB of a 174 MiB bundle, more than any other package. The app uses numpy only for arrays of
pixels (pydicom's pixel handlers, model/dicom_decode.py, imagecodecs' output): element-wise
arithmetic, casts, clipping, and in pydicom's YBR → RGB conversion a small matrix product.
numpy built with ``-Dblas=none -Dlapack=none`` is all of numpy still: matrix products run on its
own loops and numpy.linalg on the LAPACK subset numpy carries (lapack_lite), just slower for
big matrices, which the app never multiplies. The frozen tests check linalg and matmul in the
bundle (tests/packaging/test_bundle.py).

Built once per numpy version, Python, machine and build options into the user's cache folder
(``~/.cache/presacral-consult-build/``, shared by the account's checkouts; a few minutes
on two cores; needs a C/C++ compiler and the Python headers, Makefile DEB_TEST), from the sdist
of the numpy version installed in the venv (pinned in constraints.txt). The spec puts the
folder first on ``sys.path`` so that the analysis collects this numpy instead of the installed
wheel. Only on Linux: macOS wheels use Apple's Accelerate (nothing shipped), and on Windows
the wheel's OpenBLAS ships (no compiler assumed there). ``PRESACRAL_CONSULT_BUNDLE_NUMPY=wheel``
ships the installed wheel anyway.

    python build_spec/bundle_numpy.py     # build the folder now (make build / make test do)
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

SETUP_ARGS = ("-Dblas=none", "-Dlapack=none", "-Dallow-noblas=true")
ENV_CHOICE = "PRESACRAL_CONSULT_BUNDLE_NUMPY"
CACHE_ENV = "PRESACRAL_CONSULT_BUILD_CACHE"
_DONE = ".complete"
# Run in the built folder: numpy imports, says it has no BLAS, and its matmul and linalg work.
_CHECK = (
    "import numpy as np, sys\n"
    "deps = np.show_config('dicts')['Build Dependencies']\n"
    "assert deps['blas']['name'] == 'none' and deps['lapack']['name'] == 'none', deps\n"
    "a = np.array([[2.0, 1.0], [1.0, 3.0]])\n"
    "assert np.allclose(np.linalg.solve(a, [3.0, 5.0]), [0.8, 1.4])\n"
    "assert (a @ a).tolist() == [[5.0, 5.0], [5.0, 10.0]]\n"
    "assert np.__file__.startswith(sys.argv[1]), np.__file__\n"
)


def wanted(platform_name: str | None = None, env=None) -> bool:
    """Build numpy without BLAS for this bundle? (Linux, unless the environment says wheel.)"""
    env = os.environ if env is None else env
    if env.get(ENV_CHOICE, "").strip().lower() == "wheel":
        return False
    return (platform_name or sys.platform).startswith("linux")


def cache_dir(env=None) -> Path:
    """Where built numpy folders are kept: $PRESACRAL_CONSULT_BUILD_CACHE, else
    .cache/presacral-consult-build in the account's home directory (build tools only, nothing
    of a patient). The account's, not $HOME / $XDG_CACHE_HOME: the tests point those at
    temporary folders, and each test run would compile numpy again."""
    env = os.environ if env is None else env
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV])
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError):  # not POSIX, or an account without a passwd entry
        home = os.path.expanduser("~")
    return Path(home) / ".cache" / "presacral-consult-build"


def site_dir(cache: Path | None = None, version: str | None = None) -> Path:
    """The folder holding the BLAS-free numpy for this numpy version, Python, machine and
    build options."""
    version = version or metadata.version("numpy")
    options = hashlib.sha256(" ".join(SETUP_ARGS).encode()).hexdigest()[:8]
    return (cache or cache_dir()) / (f"numpy-noblas-{version}-{sys.implementation.cache_tag}-"
                                     f"{platform.machine().lower()}-{options}")


def check(site: Path) -> str | None:
    """None if ``site`` holds a working numpy without BLAS, else why not (one line)."""
    if not (site / "numpy" / "__init__.py").is_file():
        return f"no numpy in {site}"
    if (site / "numpy.libs").exists():
        return f"{site} has numpy.libs (a wheel's OpenBLAS)"
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONNOUSERSITE="1")
    result = subprocess.run([sys.executable, "-c", _CHECK, str(site)], env=env, cwd=site,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["failed"]
        return lines[-1]
    return None


def build(site: Path, version: str, log=print) -> None:
    """pip-build numpy ``version`` from its sdist without BLAS and install it into ``site``."""
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=site.name + ".tmp-", dir=site.parent))
    try:
        wheels = tmp / "wheel"
        # --no-cache-dir: pip's wheel cache ignores --config-settings, and would hand back a
        # numpy built earlier with other options
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-binary", "numpy",
               "--no-cache-dir", "--wheel-dir", str(wheels), f"numpy=={version}"]
        cmd += [f"--config-settings=setup-args={arg}" for arg in SETUP_ARGS]
        log(f"bundle_numpy: building numpy {version} without BLAS/LAPACK (a few minutes)")
        subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=3600)
        built = sorted(wheels.glob("numpy-*.whl"))
        if not built:
            raise RuntimeError(f"pip built no numpy wheel in {wheels}")
        subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile",
                        "--target", str(tmp / "site"), str(built[0])],
                       check=True, capture_output=True, text=True, timeout=600)
        (tmp / "site" / _DONE).write_text(f"numpy {version} {' '.join(SETUP_ARGS)}\n",
                                          encoding="utf-8")
        try:
            (tmp / "site").rename(site)
        except OSError:
            if not (site / _DONE).is_file():  # not another build that finished first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure(cache: Path | None = None, log=print) -> Path | None:
    """The folder with numpy built without BLAS (built now if missing), or None when the
    installed wheel is to be shipped: not Linux, chosen by the environment, or the build failed
    (said in one line; the bundle then carries OpenBLAS and the packaging tests fail)."""
    if not wanted():
        return None
    try:
        version = metadata.version("numpy")
    except metadata.PackageNotFoundError:
        return None
    site = site_dir(cache, version)
    try:
        if (site / _DONE).is_file() and (stale := check(site)):
            log(f"bundle_numpy: {site} is not usable ({stale}): building it again")
            shutil.rmtree(site)
        if not (site / _DONE).is_file():
            build(site, version, log=log)
        problem = check(site)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        problem = (detail.strip().splitlines() or [type(exc).__name__])[-1]
    if problem:
        log(f"bundle_numpy: WARNING: shipping the installed numpy with OpenBLAS (+27 MiB): "
            f"numpy without BLAS could not be built: {problem}")
        return None
    return site


def main() -> int:
    site = ensure()
    if site is None and wanted():
        return 1
    print(f"bundle_numpy: {site or 'the installed numpy wheel (not Linux, or chosen)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
