#!/usr/bin/env python3
"""Installs the Python example (examples/python) into the virtual environment .venv/python-example:
aws-cdk-lib, constructs and pytest from PyPI as examples/python/requirements.txt pins them (every other
package fixed by constraints.txt), and the library from the wheel this checkout built into dist/python
(`npx projen package:python`).

    python3 scripts/install-python-example.py           install (`npx projen examples:python:install`)
    python3 scripts/install-python-example.py --probe   exit 0 when the package index answers; otherwise
                                                        print why on stdout and exit 1 (.ci/run skips the
                                                        Python steps with that reason)

Quick when nothing changed: the environment records a hash of requirements.txt, constraints.txt and the
Python that made it, and only a different hash makes it again. The wheel is reinstalled every time (it is
small), because a rebuilt wheel keeps its version (0.0.0) and pip would otherwise keep the old one.
"""
import hashlib
import json
import os
import pathlib
import ssl
import subprocess
import sys
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python"
REQUIREMENTS = EXAMPLE / "requirements.txt"
CONSTRAINTS = EXAMPLE / "constraints.txt"
VENV = ROOT / ".venv" / "python-example"
STAMP = VENV / "installed.json"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
DIST_NAME = "cdk-hybrid-connectivity"


def fail(message):
    print(f"install-python-example: {message}", file=sys.stderr)
    sys.exit(1)


def index_url():
    """The index pip uses here: PIP_INDEX_URL, else pip's configuration, else PyPI."""
    url = os.environ.get("PIP_INDEX_URL")
    if not url:
        configured = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                                    capture_output=True, text=True)
        url = configured.stdout.strip() if configured.returncode == 0 else ""
    return (url or "https://pypi.org/simple").rstrip("/")


def probe():
    """None when the index answers for aws-cdk-lib, else the reason."""
    url = f"{index_url()}/aws-cdk-lib/"
    context = ssl.create_default_context(cafile=os.environ.get("PIP_CERT") or None)
    try:
        with urllib.request.urlopen(url, timeout=20, context=context) as response:
            response.read(1)
        return None
    except Exception as err:  # any failure to reach it is the reason to skip
        return f"the Python package index is unreachable (GET {url}: {err})"


def run(*args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        fail(f"{' '.join(str(a) for a in args[:4])} ... failed:\n{tail}")
    return result.stdout


def main():
    if sys.argv[1:] == ["--probe"]:
        reason = probe()
        if reason:
            print(reason)
            sys.exit(1)
        print(f"the package index answers ({index_url()})")
        return

    version = json.loads((ROOT / "package.json").read_text())["version"]
    wheel = ROOT / "dist" / "python" / f"{DIST_NAME.replace('-', '_')}-{version}-py3-none-any.whl"
    if not wheel.exists():
        fail(f"{wheel.relative_to(ROOT)} does not exist: build it first with `npx projen compile && npx projen package:python`")
    pin = f"{DIST_NAME}=={version}"
    if pin not in REQUIREMENTS.read_text().splitlines():
        fail(f"{REQUIREMENTS.relative_to(ROOT)} must pin {pin}, the version this checkout builds (package.json)")

    python_version = sys.version
    digest = hashlib.sha256(REQUIREMENTS.read_bytes() + CONSTRAINTS.read_bytes() + python_version.encode()).hexdigest()
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        stamp = {}
    python = BIN / "python"
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    if stamp.get("digest") == digest and python.exists():
        print(f"install-python-example: {VENV.relative_to(ROOT)} is current; reinstalling {wheel.name}")
        run(*pip, "install", "--quiet", "--no-deps", "--force-reinstall", wheel)
    else:
        print(f"install-python-example: making {VENV.relative_to(ROOT)} from {REQUIREMENTS.relative_to(ROOT)} (PyPI)")
        run(sys.executable, "-m", "venv", "--clear", VENV)
        # requirements.txt names the wheel by version, found in dist/python (--find-links, relative to it).
        run(*pip, "install", "--quiet", "--timeout", "30", "--retries", "2", "-r", REQUIREMENTS, cwd=EXAMPLE)
    run(*pip, "check")
    installed = json.loads(run(*pip, "list", "--format", "json"))
    versions = {p["name"].lower(): p["version"] for p in installed}
    STAMP.write_text(json.dumps({"digest": digest, "python": python_version.splitlines()[0], "packages": versions}, indent=2) + "\n")
    shown = ", ".join(f"{n} {versions.get(n, 'missing')}" for n in (DIST_NAME, "aws-cdk-lib", "constructs", "jsii", "pytest"))
    print(f"install-python-example: {VENV.relative_to(ROOT)} has {shown}")


if __name__ == "__main__":
    main()
