"""Runs cfn-lint and checkov on CloudFormation templates and fails on any finding without a written reason.

    .venv/lint/bin/python lint/lint_templates.py PATH...

Each PATH is a template or a directory searched for *.template.json (a cloud assembly, an integ snapshot).

- cfn-lint: every error fails; a warning passes only when lint/explained-findings.yaml explains its rule.
- checkov: a failed check passes only when that file's baseline explains it; a check the template skips
  (Metadata.checkov.skip, written by src/provider/checkov-suppressions.ts) must carry a comment.
- A template with no resources is not checked: the CDK CLI never deploys a stack without resources
  ("stack has no resources, skipping deployment"), and cfn-lint would report only that it lacks them.

Prints a table per tool (templates, findings, findings with a reason, unexplained) and each unexplained finding; exits 1
when any finding is unexplained, 2 when a tool cannot run.
"""

import collections
import concurrent.futures
import fnmatch
import json
import os
import pathlib
import re
import subprocess
import sys
import time

import yaml

HERE = pathlib.Path(__file__).resolve().parent
BIN = pathlib.Path(sys.executable).parent
EXPLAINED = HERE / "explained-findings.yaml"
# checkov's default when a skip entry has no comment.
NO_COMMENT = "No comment provided"
# Unexplained findings listed one by one per tool; the table counts the rest.
MAX_LISTED = 40


def find_templates(paths):
    found = []
    for arg in paths:
        path = pathlib.Path(arg)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.template.json") if p.is_file()))
        else:
            sys.exit(f"lint_templates: {arg} is neither a template nor a directory")
    # Absolute paths: checkov reports a file by the path it was given.
    unique = []
    for template in (p.resolve() for p in found):
        if template not in unique:
            unique.append(template)
    return unique


def display(path):
    try:
        return str(pathlib.Path(path).resolve().relative_to(pathlib.Path.cwd()))
    except ValueError:
        return str(path)


def matches_templates(entry, path):
    globs = entry.get("templates")
    return not globs or any(fnmatch.fnmatch(display(path), g) or fnmatch.fnmatch(str(path), g) for g in globs)


def run_tool(args):
    started = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True)
    return result, time.monotonic() - started


def cfn_lint(templates):
    args = [str(BIN / "cfn-lint"), "--format", "json", "--", *map(str, templates)]
    result, seconds = run_tool(args)
    # Exit codes are a bit mask of error (2), warning (4) and informational (8) matches; 1 is a crash.
    if result.returncode & 1 or not result.stdout.strip():
        if result.returncode == 0:
            return [], seconds
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"lint_templates: cfn-lint failed (exit {result.returncode})")
    return json.loads(result.stdout), seconds


def checkov(templates):
    args = [str(BIN / "checkov"), "--framework", "cloudformation", "--output", "json", "--compact",
            # No call to the vendor's API for guideline links: the checks run the same offline.
            "--skip-download"]
    for template in templates:
        args += ["--file", str(template)]
    result, seconds = run_tool(args)
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"lint_templates: checkov failed (exit {result.returncode})")
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    # An empty run prints a summary without results.
    return [r for r in reports if r.get("check_type") == "cloudformation"], seconds


class Tally:
    """Counts per rule id: findings, and which of them a reason explains."""

    def __init__(self, tool):
        self.tool = tool
        self.rules = collections.OrderedDict()
        self.unexplained = []

    def add(self, rule, reason, detail):
        row = self.rules.setdefault(rule, {"findings": 0, "explained": 0, "reasons": collections.Counter()})
        row["findings"] += 1
        if reason:
            row["explained"] += 1
            row["reasons"][reason] += 1
        else:
            self.unexplained.append(f"{rule}: {detail}")

    def print(self, checked, seconds):
        findings = sum(r["findings"] for r in self.rules.values())
        explained = sum(r["explained"] for r in self.rules.values())
        print(f"\n{self.tool}: {checked} templates, {findings} findings, {explained} with a reason, "
              f"{len(self.unexplained)} unexplained ({seconds:.1f} s)")
        if self.rules:
            print(f"  {'rule':<14} {'findings':>8} {'with reason':>11}  reason")
            for rule, row in sorted(self.rules.items()):
                reason = row["reasons"].most_common(1)[0][0] if row["reasons"] else "-"
                more = f" (+{len(row['reasons']) - 1} more)" if len(row["reasons"]) > 1 else ""
                short = " ".join(reason.split())
                short = short if len(short) <= 90 else short[:87] + "..."
                print(f"  {rule:<14} {row['findings']:>8} {row['explained']:>11}  {short}{more}")
        for line in self.unexplained[:MAX_LISTED]:
            print(f"  UNEXPLAINED {line}")
        if len(self.unexplained) > MAX_LISTED:
            print(f"  ... and {len(self.unexplained) - MAX_LISTED} more unexplained findings (the table above counts them per rule)")


def cfn_lint_reason(match, explained):
    if match["Level"] == "Error":
        return None
    for entry in explained:
        if entry["rule"] != match["Rule"]["Id"] or not matches_templates(entry, match["Filename"]):
            continue
        if "message" in entry and not re.search(entry["message"], match["Message"]):
            continue
        return entry["reason"]
    return None


def checkov_reason(finding, baseline):
    resource_type, _, logical_id = finding["resource"].partition(".")
    for entry in baseline:
        if entry["check"] != finding["check_id"] or entry["resource_type"] != resource_type:
            continue
        if not matches_templates(entry, finding["file_abs_path"]):
            continue
        if "logical_id" in entry and not re.fullmatch(entry["logical_id"], logical_id):
            continue
        return entry["reason"]
    return None


def validate_explained(explained):
    for tool, keys in (("cfn-lint", ("rule", "reason")), ("checkov", ("check", "resource_type", "reason"))):
        for entry in explained.get(tool) or []:
            missing = [k for k in keys if not str(entry.get(k, "")).strip()]
            if missing:
                sys.exit(f"lint_templates: an entry of {tool} in {EXPLAINED.name} lacks {', '.join(missing)}: {entry}")
            if tool == "cfn-lint" and entry["rule"].startswith("E"):
                sys.exit(f"lint_templates: {EXPLAINED.name} may not explain the error rule {entry['rule']}: errors are fixed")


def main(argv):
    if not argv:
        sys.exit(__doc__)
    explained = yaml.safe_load(EXPLAINED.read_text()) or {}
    validate_explained(explained)

    templates = find_templates(argv)
    deployable, empty = [], []
    for template in templates:
        resources = json.loads(template.read_text()).get("Resources") or {}
        (deployable if resources else empty).append(template)
    print(f"templates: {len(templates)} found under {', '.join(argv)}; {len(deployable)} checked, {len(empty)} without "
          "resources not checked (the CDK CLI never deploys a stack that has no resources)")
    if not deployable:
        print("no template with resources to check")
        return 1

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        lint_job = pool.submit(cfn_lint, deployable)
        checkov_job = pool.submit(checkov, deployable)
        lint_matches, lint_seconds = lint_job.result()
        checkov_reports, checkov_seconds = checkov_job.result()

    lint = Tally("cfn-lint")
    for match in lint_matches:
        where = "/".join(str(p) for p in match["Location"].get("Path") or [])
        lint.add(match["Rule"]["Id"], cfn_lint_reason(match, explained.get("cfn-lint") or []),
                 f"{display(match['Filename'])} {where}: {match['Message']}")

    ck = Tally("checkov")
    checkov_files = set()
    for report in checkov_reports:
        results = report["results"]
        for finding in results.get("failed_checks", []):
            checkov_files.add(str(pathlib.Path(finding["file_abs_path"]).resolve()))
            ck.add(finding["check_id"], checkov_reason(finding, explained.get("checkov") or []),
                   f"{display(finding['file_abs_path'])} {finding['resource']}: {finding['check_name']}")
        for skipped in results.get("skipped_checks", []):
            checkov_files.add(str(pathlib.Path(skipped["file_abs_path"]).resolve()))
            comment = ((skipped.get("check_result") or {}).get("suppress_comment") or "").strip()
            ck.add(skipped["check_id"], comment if comment and comment != NO_COMMENT else None,
                   f"{display(skipped['file_abs_path'])} {skipped['resource']}: skipped without a comment")
        for passed in results.get("passed_checks", []):
            checkov_files.add(str(pathlib.Path(passed["file_abs_path"]).resolve()))
        for error in results.get("parsing_errors", []):
            ck.add("parse-error", None, f"{display(error)}: checkov could not parse it")

    lint.print(len(deployable), lint_seconds)
    ck.print(len(deployable), checkov_seconds)
    unread = [t for t in deployable if str(t) not in checkov_files]
    for template in unread:
        ck.unexplained.append(f"{display(template)}: checkov ran no check on it")
        print(f"  UNEXPLAINED {display(template)}: checkov ran no check on it")

    unexplained = len(lint.unexplained) + len(ck.unexplained)
    print(f"\n{unexplained} unexplained findings" + ("" if unexplained == 0 else ": fix them, or give each its reason "
          "(lint/explained-findings.yaml, src/provider/checkov-suppressions.ts)"))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
