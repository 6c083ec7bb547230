#!/usr/bin/env node
/**
 * Installs the pinned cfn-lint and checkov (lint/requirements.txt, every version fixed by constraints.txt)
 * into the virtual environment .venv/lint, for the independent template checks. `npx projen lint:install`;
 * `npx projen lint:templates` runs it first. Where PyPI is out of reach, the reason goes to
 * .venv/lint-unavailable.txt and lint/run.sh prints `skipped: <reason>` (scripts/pinned-venv.js says how).
 */
'use strict';
const { installPinnedVenv } = require('../scripts/pinned-venv');

installPinnedVenv({
  name: 'lint',
  folder: __dirname,
  programs: ['cfn-lint', 'checkov'],
  whenUnavailable: 'the template checks will be skipped',
  duration: 'about a minute',
  // --no-compile: byte-compiling every module of checkov's tree (botocore, boto3, its many parsers) took half
  // of the install's CPU time; the few modules the checks import compile on their first run instead.
  pipArgs: ['--no-compile'],
  versionCheck: 'from importlib.metadata import version; print(f"cfn-lint {version(\'cfn-lint\')}, checkov {version(\'checkov\')}")',
});
