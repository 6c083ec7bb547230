#!/usr/bin/env node
// Fails when a public API element of the jsii assembly has no documentation: every type, property, method,
// initializer, parameter and enum member needs a summary written as a sentence (ending with a full stop),
// and every optional property of a props struct needs `@default`. These docs become the Python and Java
// docs and API.md, so a gap here is a gap for every language.
//
//   node scripts/check-docstrings.js [path/to/.jsii]
'use strict';
const fs = require('fs');
const path = require('path');

const file = process.argv[2] ?? path.join(__dirname, '..', '.jsii');
const assembly = JSON.parse(fs.readFileSync(file, 'utf-8'));
const problems = [];

function checkSummary(where, docs) {
  const summary = (docs?.summary ?? '').trim();
  if (!summary) {
    problems.push(`${where}: no docstring`);
  } else if (!/[.!?)]$/.test(summary) && !/[.!?]`?$/.test(summary)) {
    problems.push(`${where}: the summary is not a sentence (no full stop): "${summary}"`);
  }
}

for (const type of Object.values(assembly.types ?? {})) {
  const name = type.fqn;
  checkSummary(name, type.docs);
  if (type.kind === 'enum') {
    for (const member of type.members ?? []) checkSummary(`${name}.${member.name}`, member.docs);
    continue;
  }
  for (const prop of type.properties ?? []) {
    const where = `${name}.${prop.name}`;
    checkSummary(where, prop.docs);
    if (type.datatype && prop.optional && prop.docs?.default === undefined) {
      problems.push(`${where}: optional prop without @default`);
    }
  }
  const callables = [...(type.initializer ? [{ name: '<initializer>', ...type.initializer }] : []), ...(type.methods ?? [])];
  for (const method of callables) {
    const where = `${name}.${method.name}`;
    if (method.name !== '<initializer>') checkSummary(where, method.docs);
    for (const parameter of method.parameters ?? []) checkSummary(`${where}(${parameter.name})`, parameter.docs);
  }
}

if (problems.length > 0) {
  console.error(problems.map((p) => `  ${p}`).join('\n'));
  console.error(`check-docstrings: ${problems.length} public API element(s) of ${assembly.name} lack documentation`);
  process.exit(1);
}
const count = Object.keys(assembly.types ?? {}).length;
console.log(`check-docstrings: every public type, member and parameter of ${assembly.name} is documented (${count} types)`);
