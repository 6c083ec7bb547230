#!/usr/bin/env python3
"""Checks the Python wheel that `npx projen package:python` writes to dist/python, as
scripts/check-package.js checks the npm tarball: the wheel holds the generated module, its metadata and
a console script for each command in package.json's "bin", and nothing else; the jsii tarball inside it (the npm package the Python module loads into its jsii runtime)
carries the compiled library, the assembly and the handler bundle, the same bundle as assets/ here, and
nothing from the tests, the local emulator and runner, the examples, the benchmarks, the rosetta fixtures,
CI or the scripts. Prints the wheel's size and file count, and the embedded tarball's.

    python3 scripts/check-wheel.py [WHEEL]   (`npx projen package:check-wheel`; default: the wheel of
                                             package.json's version in dist/python)
"""
import email.parser
import hashlib
import io
import json
import pathlib
import re
import sys
import tarfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODULE = "cdk_hybrid_connectivity"
# The handler bundle: a directory (its entry index.js, one file per service, shared chunks).
BUNDLE_DIR = "assets/provider/handler/handler-entry-points"
BUNDLE = f"{BUNDLE_DIR}/index.js"
# Paths inside the npm package (the tarball's "package/" stripped), as in scripts/check-package.js.
REQUIRED_IN_TARBALL = [".jsii", "lib/index.js", "lib/index.d.ts", "package.json", "README.md", "LICENSE", BUNDLE]
FORBIDDEN_IN_TARBALL = re.compile(
    r"^(test|local|examples|bench|rosetta|scripts|src|docs|\.ci|\.demo|\.pacmak|\.venv|coverage|test-reports|projenrc|dist)/"
    r"|(^|/)(\.projenrc\.ts|tsconfig\.dev\.json|\.jsii\.tabl\.json)$")


def kib(n):
    return f"{n / 1024:.1f} KiB"


def main():
    package = json.loads((ROOT / "package.json").read_text())
    version = package["version"]
    # Each command of package.json's "bin" is a console script of the wheel too (jsii-pacmak runs it in
    # the jsii runtime), and its file is in the tarball.
    bins = package.get("bin", {})
    wheel_path = pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "dist" / "python" / f"{MODULE}-{version}-py3-none-any.whl"
    if not wheel_path.exists():
        print(f"check-wheel: {wheel_path} does not exist: run `npx projen package:python`", file=sys.stderr)
        return 1
    problems = []
    with zipfile.ZipFile(wheel_path) as wheel:
        names = [i.filename for i in wheel.infolist() if not i.is_dir()]
        dist_info = f"{MODULE}-{version}.dist-info/"
        scripts = [f"{MODULE}-{version}.data/scripts/{command}" for command in bins]
        for name in names:
            if not (name.startswith(f"{MODULE}/") or name.startswith(dist_info) or name in scripts):
                problems.append(f"the wheel must hold only {MODULE}/, {dist_info} and the bin scripts {scripts}: {name}")
        for name in [f"{MODULE}/__init__.py", f"{MODULE}/py.typed", f"{MODULE}/_jsii/__init__.py", f"{dist_info}METADATA", *scripts]:
            if name not in names:
                problems.append(f"the wheel lacks {name}")
        tarballs = [n for n in names if re.fullmatch(rf"{MODULE}/_jsii/.+\.jsii\.tgz", n)]
        if len(tarballs) != 1:
            problems.append(f"the wheel must embed one jsii tarball in {MODULE}/_jsii/, has {tarballs}")

        metadata = email.parser.Parser().parsestr(wheel.read(f"{dist_info}METADATA").decode()) if f"{dist_info}METADATA" in names else None
        requires = metadata.get_all("Requires-Dist", []) if metadata else []
        for dependency in ("aws-cdk-lib", "constructs", "jsii"):
            if not any(r.split()[0].split("<")[0].split(">")[0] == dependency for r in requires):
                problems.append(f"the wheel's METADATA does not require {dependency} (Requires-Dist: {requires})")

        tar_files = []
        if len(tarballs) == 1:
            with tarfile.open(fileobj=io.BytesIO(wheel.read(tarballs[0])), mode="r:gz") as tar:
                members = [m for m in tar.getmembers() if m.isfile()]
                tar_files = [m.name[len("package/"):] if m.name.startswith("package/") else m.name for m in members]
                for required in REQUIRED_IN_TARBALL + [path.removeprefix("./") for path in bins.values()]:
                    if required not in tar_files:
                        problems.append(f"the jsii tarball lacks {required}")
                for name in tar_files:
                    if FORBIDDEN_IN_TARBALL.search(name):
                        problems.append(f"the jsii tarball must not carry {name}")
                # The bundle a Python app deploys is the one this checkout built and tested: the same files,
                # byte for byte, and no other (a stale chunk of an earlier build).
                embedded_bundle = sorted(n for n in tar_files if n.startswith(f"{BUNDLE_DIR}/"))
                if BUNDLE in tar_files and not (ROOT / BUNDLE).exists():
                    print(f"check-wheel: not compared with this checkout's {BUNDLE_DIR}: it does not exist (run `npx projen bundle`)")
                elif BUNDLE in tar_files:
                    checkout_bundle = sorted(f"{BUNDLE_DIR}/{p.name}" for p in (ROOT / BUNDLE_DIR).iterdir() if p.is_file())
                    if embedded_bundle != checkout_bundle:
                        problems.append(f"the wheel's {BUNDLE_DIR} holds {len(embedded_bundle)} files, this checkout's {len(checkout_bundle)}: "
                                        f"only in the wheel {sorted(set(embedded_bundle) - set(checkout_bundle))[:3]}, only here "
                                        f"{sorted(set(checkout_bundle) - set(embedded_bundle))[:3]} (at most 3 of each shown): rebuild with `npx projen bundle && npx projen compile && npx projen package:python`")
                    for name in sorted(set(embedded_bundle) & set(checkout_bundle)):
                        embedded = tar.extractfile(members[tar_files.index(name)]).read()
                        if hashlib.sha256(embedded).digest() != hashlib.sha256((ROOT / name).read_bytes()).digest():
                            problems.append(f"the wheel's {name} differs from this checkout's: rebuild with `npx projen bundle && npx projen compile && npx projen package:python`")
            tarball_size = wheel.getinfo(tarballs[0]).file_size

    unpacked = sum(i.file_size for i in zipfile.ZipFile(wheel_path).infolist())
    handlers = [n for n in tar_files if re.fullmatch(r"assets/.+/index\.js", n)]
    bundle_files = [n for n in tar_files if n.startswith(f"{BUNDLE_DIR}/")]
    print(f"wheel: {wheel_path.name}, {kib(wheel_path.stat().st_size)} packed, {kib(unpacked)} unpacked, {len(names)} files; "
          f"its jsii tarball: {kib(tarball_size) if tar_files else '-'}, {len(tar_files)} files ({len(handlers)} bundles: {', '.join(handlers)}; the handler bundle {len(bundle_files)} files); "
          f"console scripts: {', '.join(bins) or 'none'}")
    if problems:
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        print(f"check-wheel: {len(problems)} problem(s) with the wheel", file=sys.stderr)
        return 1
    print("check-wheel: the wheel carries the module, its console scripts, and the jsii tarball with the library, the assembly and the handler bundle, and nothing else")
    return 0


if __name__ == "__main__":
    sys.exit(main())
