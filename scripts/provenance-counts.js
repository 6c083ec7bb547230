#!/usr/bin/env node
/**
 * Reads the emulator's provenance tables (local/emulator/provenance/<service>.md) and prints, per service
 * and in total, how many rows cite evidence, how many are assumed, and how many messages replaced an
 * invented one. `--write` puts the same lines into local/emulator/PROVENANCE.md between its count markers;
 * test/local/emulator/provenance.test.ts checks that they are equal, so the two cannot drift.
 *
 * Also the parser that test uses: `readProvenance(dir)`.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, 'local', 'emulator', 'provenance');
const SUMMARY = path.join(ROOT, 'local', 'emulator', 'PROVENANCE.md');
const COLUMNS = ['behaviour', 'emulator answer', 'evidence', 'handlers rely on it'];
const MARKERS = { start: '<!-- provenance-counts:start (scripts/provenance-counts.js --write) -->', end: '<!-- provenance-counts:end -->' };

/** The cells of one table line: split on pipes that are not escaped (`\|`), outer pipes dropped. */
function cells(line) {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

function isHeader(line) {
  const c = cells(line).map((x) => x.toLowerCase());
  return line.trim().startsWith('|') && c.length === COLUMNS.length && c.every((x, i) => x === COLUMNS[i]);
}

/**
 * Every provenance file in `dir`: `{ service, file, tables, rows: [{ line, cells }] }`, where `tables` counts
 * the tables with the four columns and `rows` holds each of their body rows as written (the test checks them).
 */
function readProvenance(dir = DIR) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((file) => {
    const lines = fs.readFileSync(path.join(dir, file), 'utf-8').split('\n');
    const rows = [];
    let tables = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!isHeader(lines[i])) continue;
      tables++;
      // The separator line, then body rows until the first line that is not a table row.
      for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push({ line: i + 1, cells: cells(lines[i]) });
    }
    return { service: file.replace(/\.md$/, ''), file: path.join(dir, file), tables, rows };
  });
}

/** `assumed` rows cite nothing; every other row cites evidence. `(replaced)` marks a replaced message. */
function countsOf(files) {
  const per = files.map((f) => {
    const body = f.rows.filter((r) => r.cells.length === COLUMNS.length);
    const assumed = body.filter((r) => /^assumed\b/i.test(r.cells[2])).length;
    return {
      service: f.service,
      evidence: body.length - assumed,
      assumed,
      replaced: body.filter((r) => r.cells[1].includes('(replaced)')).length,
    };
  });
  const total = per.reduce((t, c) => ({
    service: 'total', evidence: t.evidence + c.evidence, assumed: t.assumed + c.assumed, replaced: t.replaced + c.replaced,
  }), { service: 'total', evidence: 0, assumed: 0, replaced: 0 });
  return [...per, total];
}

/** The counts as a Markdown table. */
function countsTable(files = readProvenance()) {
  const lines = ['| service | rows with evidence | rows assumed | messages replaced |', '|---|---|---|---|'];
  for (const c of countsOf(files)) {
    const name = c.service === 'total' ? '**total**' : c.service;
    lines.push(`| ${name} | ${c.evidence} | ${c.assumed} | ${c.replaced} |`);
  }
  return lines.join('\n');
}

/** The counts PROVENANCE.md holds now, between its markers; undefined when it has none. */
function writtenCounts(file = SUMMARY) {
  const text = fs.readFileSync(file, 'utf-8');
  const start = text.indexOf(MARKERS.start);
  const end = text.indexOf(MARKERS.end);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + MARKERS.start.length, end).trim();
}

function writeCounts(file = SUMMARY) {
  const text = fs.readFileSync(file, 'utf-8');
  const start = text.indexOf(MARKERS.start);
  const end = text.indexOf(MARKERS.end);
  if (start < 0 || end < start) throw new Error(`${file} has no ${MARKERS.start} ... ${MARKERS.end} block`);
  fs.writeFileSync(file, `${text.slice(0, start + MARKERS.start.length)}\n${countsTable()}\n${text.slice(end)}`);
}

module.exports = { COLUMNS, MARKERS, readProvenance, countsOf, countsTable, writtenCounts, writeCounts };

if (require.main === module) {
  if (process.argv.includes('--write')) {
    writeCounts();
    console.log(`wrote the counts into ${path.relative(ROOT, SUMMARY)}`);
  }
  console.log(countsTable());
}
