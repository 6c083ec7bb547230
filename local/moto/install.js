#!/usr/bin/env node
/**
 * Installs moto (local/moto/requirements.txt, every version fixed by constraints.txt) into the virtual
 * environment .venv/moto, for the cross-check test. `npx projen moto:install`; `npm test` runs it first.
 * Where PyPI is out of reach, the reason goes to .venv/moto-unavailable.txt and the cross-check test skips
 * itself with it (scripts/pinned-venv.js says how).
 */
'use strict';
const { installPinnedVenv } = require('../../scripts/pinned-venv');

installPinnedVenv({
  name: 'moto',
  folder: __dirname,
  programs: ['moto_server'],
  whenUnavailable: 'the moto cross-check test will be skipped',
  duration: 'about 30 s',
  versionCheck: 'import moto; print(moto.__version__)',
});
