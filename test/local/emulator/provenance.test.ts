import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';

/**
 * The provenance tables (local/emulator/provenance/<service>.md): every behaviour the emulator shows says
 * where it comes from, in the four columns, with evidence of a known kind, and evidence that can be checked
 * here is checked: the botocore shape or operation it names exists and the words it quotes are in
 * botocore's documentation, the seed page it quotes has those words, the moto file it names exists.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const provenance = require('../../../scripts/provenance-counts.js') as {
  COLUMNS: string[];
  readProvenance(dir?: string): Array<{ service: string; file: string; tables: number; rows: Array<{ line: number; cells: string[] }> }>;
  countsTable(): string;
  writtenCounts(): string | undefined;
};

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MODELS = path.join(ROOT, 'local', 'emulator', 'models');
/** CI has a read-only copy of shared/ beside the clone. */
const SEEDS = path.resolve(ROOT, '..', 'shared', 'seeds');
const MOTO_PACKAGE = path.join(ROOT, '.venv', 'moto', 'lib');
const PREFIXES = ['botocore ', 'docs: ', 'seed ', 'terraform: ', 'aws-sdk-js-v3: ', 'moto: ', 'assumed'];

const files = provenance.readProvenance();
const rows = files.flatMap((f) => f.rows.map((r) => ({ ...r, service: f.service, where: `${path.relative(ROOT, f.file)}:${r.line}` })));

/**
 * The pieces of evidence in one cell: a cell may cite several (`botocore ...; seed 4: "..."`), each starting
 * with its own prefix after a semicolon, and each is checked as its kind says.
 */
function piecesOf(cell: string): string[] {
  return cell.split(new RegExp(`;\\s+(?=${PREFIXES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`));
}
/** Every piece of evidence of one kind, with the row it is in: `{ where, cells, evidence }`. */
const evidenceOf = (prefix: string) => rows.filter((r) => r.cells.length === 4)
  .flatMap((r) => piecesOf(r.cells[2]).filter((e) => e.startsWith(prefix)).map((e) => ({ ...r, evidence: e })));

/** What words were quoted ("..."), unescaped. */
function quotes(cell: string): string[] {
  return [...cell.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/** Text compared the way a reader would: no markup, HTML entities decoded, whitespace collapsed. */
function plain(text: string): string {
  return text.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/[`*]/g, '').replace(/\s+/g, ' ').replace(/ ([,.;:)])/g, '$1').replace(/\( /g, '(').trim();
}

/** botocore's data directory, or why it cannot be used. */
function botocoreData(): { dir?: string; why?: string } {
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),"data"))'], { encoding: 'utf-8' }).trim();
    return fs.existsSync(dir) ? { dir } : { why: `botocore's data directory ${dir} does not exist` };
  } catch (e) {
    return { why: `python3 with botocore is not available (${String(e).split('\n')[0]})` };
  }
}
const botocore = botocoreData();

interface Model { operations: Record<string, any>; shapes: Record<string, any> }
const models = new Map<string, Model | undefined>();

/** The full botocore model (with its documentation) of a service, or our extracted one without botocore. */
function modelOf(service: string): { model?: Model; withDocs: boolean } {
  if (botocore.dir) {
    const base = path.join(botocore.dir, service);
    if (!models.has(service)) {
      const versions = fs.existsSync(base) ? fs.readdirSync(base).sort() : [];
      const file = versions.length ? path.join(base, versions[versions.length - 1], 'service-2.json.gz') : undefined;
      models.set(service, file && fs.existsSync(file) ? JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf-8')) : undefined);
    }
    if (models.get(service)) return { model: models.get(service), withDocs: true };
  }
  const local = path.join(MODELS, `${service}.json`);
  return fs.existsSync(local) ? { model: JSON.parse(fs.readFileSync(local, 'utf-8')), withDocs: false } : { withDocs: false };
}

function skipped(what: string, why: string): void {
  console.warn(`provenance: ${what} not checked: ${why}`);
}

describe('the emulator provenance tables', () => {
  test('there are tables, and every file in local/emulator/provenance has one with the four columns', () => {
    expect(files.map((f) => f.service)).toContain('secretsmanager');
    expect(files.filter((f) => f.tables === 0).map((f) => path.relative(ROOT, f.file))).toEqual([]);
    expect(files.filter((f) => f.rows.length === 0).map((f) => path.relative(ROOT, f.file))).toEqual([]);
  });

  test('every row has four non-empty cells', () => {
    const bad = rows.filter((r) => r.cells.length !== 4 || r.cells.some((c) => c === '')).map((r) => `${r.where}: ${r.cells.length} cells`);
    expect(bad).toEqual([]);
  });

  test('every evidence cell starts with a known kind of evidence', () => {
    const bad = rows.filter((r) => r.cells.length === 4 && !PREFIXES.some((p) => r.cells[2].startsWith(p))).map((r) => `${r.where}: ${r.cells[2]}`);
    expect(bad).toEqual([]);
  });

  test('every assumed row says what else the handler copes with, and the other kinds name their source', () => {
    const bad = rows.filter((r) => r.cells.length === 4).flatMap((r) => piecesOf(r.cells[2]).map((e) => ({ ...r, e }))).flatMap((r) => {
      const e = r.e;
      if (e.startsWith('assumed') && !/^assumed\b\W+\w+/.test(e)) return [`${r.where}: "assumed" with nothing after it`];
      if (e.startsWith('docs: ') && !/^docs: https:\/\/\S+/.test(e)) return [`${r.where}: docs evidence without an https URL`];
      if (e.startsWith('seed ') && !/^seed \d+: ".+"/.test(e)) return [`${r.where}: seed evidence is not 'seed <number>: "<quoted words>"'`];
      if (e.startsWith('terraform: ') && !/^terraform: \S+ matches ".+"/.test(e)) return [`${r.where}: terraform evidence is not 'terraform: <path> matches "<string>"'`];
      if (/^(moto|aws-sdk-js-v3): $/.test(e)) return [`${r.where}: no path`];
      return [];
    });
    expect(bad).toEqual([]);
  });

  test('botocore rows name a service model that exists, and the shape or operation they name is in it', () => {
    const rowsOf = evidenceOf('botocore ');
    const bad = rowsOf.flatMap((r) => {
      const [, service, name] = /^botocore (\S+)\s*(\S*)/.exec(r.evidence) ?? [];
      const { model } = modelOf(service);
      if (!model) return [`${r.where}: no botocore or local model of '${service}'`];
      const id = name.replace(/[:,;()]+$/, '');
      if (!/^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/.test(id)) return [];
      const [shape, member] = id.split('.');
      if (!model.operations[shape] && !model.shapes[shape]) return [`${r.where}: '${shape}' is no operation or shape of ${service}`];
      if (member && !model.shapes[shape]?.members?.[member]) return [`${r.where}: ${shape} has no member '${member}'`];
      return [];
    });
    expect(bad).toEqual([]);
  });

  test('the words botocore rows quote are in that service model\'s documentation', () => {
    if (!botocore.dir) return skipped('quoted botocore documentation', botocore.why!);
    const rowsOf = evidenceOf('botocore ').filter((r) => quotes(r.evidence).length > 0);
    const bad = rowsOf.flatMap((r) => {
      const service = /^botocore (\S+)/.exec(r.evidence)![1];
      const { model, withDocs } = modelOf(service);
      if (!model || !withDocs) return [`${r.where}: no botocore documentation of '${service}'`];
      const docs = plain(JSON.stringify(model).replace(/\\"/g, '"').replace(/\\n/g, ' '));
      return quotes(r.evidence).filter((q) => !docs.includes(plain(q))).map((q) => `${r.where}: "${q}" is not in botocore's ${service} documentation`);
    });
    expect(bad).toEqual([]);
  });

  test('the words seed rows quote are in that seed page', () => {
    const rowsOf = evidenceOf('seed ');
    if (!fs.existsSync(SEEDS)) return skipped(`${rowsOf.length} seed quotes`, `${SEEDS} is not there (CI puts shared/ beside the clone)`);
    const pages = fs.readdirSync(SEEDS);
    const bad = rowsOf.flatMap((r) => {
      const n = Number(/^seed (\d+)/.exec(r.evidence)![1]);
      const page = pages.find((p) => p.startsWith(`${String(n).padStart(3, '0')}_`));
      if (!page) return [`${r.where}: there is no seed page ${n}`];
      const text = plain(fs.readFileSync(path.join(SEEDS, page), 'utf-8'));
      return quotes(r.evidence).filter((q) => !text.includes(plain(q))).map((q) => `${r.where}: "${q}" is not in seed ${n} (${page})`);
    });
    expect(bad).toEqual([]);
  });

  test('the moto files moto rows name exist in the installed moto', () => {
    const rowsOf = evidenceOf('moto: ');
    const python = fs.existsSync(MOTO_PACKAGE) ? fs.readdirSync(MOTO_PACKAGE).find((d) => d.startsWith('python')) : undefined;
    if (!python) return skipped(`${rowsOf.length} moto paths`, 'moto is not installed in .venv/moto (npx projen moto:install)');
    const site = path.join(MOTO_PACKAGE, python, 'site-packages');
    const bad = rowsOf.map((r) => ({ r, file: /^moto: (\S+)/.exec(r.evidence)?.[1] ?? '' }))
      .filter(({ file }) => !fs.existsSync(path.join(site, file)))
      .map(({ r, file }) => `${r.where}: ${file} is not in moto`);
    expect(bad).toEqual([]);
  });

  test('PROVENANCE.md holds the counts that scripts/provenance-counts.js prints', () => {
    expect(provenance.writtenCounts()).toBe(provenance.countsTable());
  });
});
