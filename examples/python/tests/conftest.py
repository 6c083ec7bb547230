"""What the Python example's tests share: the example app as demo_app.py builds it, its cloud assembly, and
the --snapshot-update option."""
import pathlib
import runpy
import shutil

import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[1]
ROOT = EXAMPLE.parents[1]


def pytest_addoption(parser):
    parser.addoption("--snapshot-update", action="store_true",
                     help="write tests/demo_app.snapshot.json from the synthesized templates instead of comparing with it")


@pytest.fixture(scope="session")
def demo_app():
    """The app of demo_app.py (the rosetta translation of examples/rosetta/demo-app.ts), run as a script runs:
    it builds every stack and synthesizes them. One app per session: every jsii call goes to one Node.js process."""
    return runpy.run_path(str(EXAMPLE / "demo_app.py"), run_name="demo_app")["app"]


@pytest.fixture(scope="session")
def demo_assembly(demo_app):
    """The cloud assembly demo_app.py wrote (the app caches it: this does not synthesize again), also copied to
    examples/python/cdk.out, where `cdk synth` would write it, for the template linters (lint/run.sh)."""
    assembly = demo_app.synth()
    out = EXAMPLE / "cdk.out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(assembly.directory, out)
    yield assembly
    # The app wrote it to a temporary directory of its own (no outdir, no CDK_OUTDIR): not left behind.
    shutil.rmtree(assembly.directory, ignore_errors=True)
