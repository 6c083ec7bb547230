import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagReportFormat } from 'cdk-nag';
import { allConstructsStack } from './all-constructs';

/**
 * cdk-nag's AwsSolutions pack over a stack that uses every construct. Every finding is fixed in the library
 * or suppressed there, on the resource it concerns, with a written reason (HybridConnectivityProvider);
 * the report (every rule checked, and the reason of each suppression) is written to test-reports/ and
 * printed.
 */
test('AwsSolutions: no unsuppressed warning or error, every suppression with its reason', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-'));
  const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
  const stack = allConstructsStack(app, undefined, { withKmsKey: true });
  Aspects.of(app).add(new AwsSolutionsChecks({ reports: true, reportFormats: [NagReportFormat.CSV], verbose: true }));
  app.synth();

  const findings = [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
  const reportFile = fs.readdirSync(outdir).find((f) => /^AwsSolutions-.*NagReport.csv$/.test(f));
  if (!reportFile) throw new Error(`cdk-nag wrote no report; ${outdir} has ${fs.readdirSync(outdir).join(', ')}`);
  const report = fs.readFileSync(path.join(outdir, reportFile), 'utf-8');
  const out = path.join(__dirname, '..', '..', 'test-reports');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'cdk-nag-AwsSolutions.csv'), report);
  const rows = report.split('\n').slice(1).filter(Boolean).map((l) => l.split('","').map((c) => c.replace(/^"|"$/g, '')));
  const suppressed = rows.filter((r) => r[2] === 'Suppressed');
  const compliant = rows.filter((r) => r[2] === 'Compliant');
  // One line per rule and reason: the same suppression covers several resources and findings.
  const reasons = [...new Set(suppressed.map((r) => `${r[0]}: ${r[3].replace(/^\[[^\]]*\] /, '')}`))];
  process.stdout.write(`\ncdk-nag AwsSolutions: ${compliant.length} checks compliant, ${findings.length} findings, ${suppressed.length} suppressed ` +
    `(report: test-reports/cdk-nag-AwsSolutions.csv), for these reasons:\n${reasons.map((r) => `  ${r}`).join('\n')}\n`);
  fs.rmSync(outdir, { recursive: true, force: true });

  expect(findings).toEqual([]);
  // The rules did run: the report lists compliant checks, and each suppression has a real reason.
  expect(compliant.length).toBeGreaterThan(10);
  expect(rows.every((r) => r[2] === 'Compliant' || r[2] === 'Suppressed')).toBe(true);
  for (const r of suppressed) expect(r[3].length).toBeGreaterThan(100);
});
