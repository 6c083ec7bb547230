import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { custom, providerResources, writeAssembly } from './write-assembly';
import { main } from '../../../local/runner/main';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function handlerFiles() {
  const bundle = path.join(dir, 'bundle.js');
  fs.writeFileSync(bundle, [
    'exports.onEvent = async (event) => {',
    '  if (event.ResourceProperties.Fail === event.RequestType) throw new Error("refused " + event.RequestType);',
    '  return { PhysicalResourceId: event.PhysicalResourceId || event.LogicalResourceId + "-id", Data: { Endpoint: process.env.AWS_ENDPOINT_URL } };',
    '};',
    'exports.isComplete = async () => ({ IsComplete: true });',
  ].join('\n'));
  return ['--handler-bundle', bundle];
}

test('deploy then destroy through the command line, with the state in a file', async () => {
  const assembly = writeAssembly([{ name: 'Net', resources: { ...providerResources(), A: custom('Thing') } }], path.join(dir, 'cdk.out'));
  const state = path.join(dir, 'state.json');
  const lines: string[] = [];

  expect(await main(['deploy', assembly, '--endpoint', 'http://127.0.0.1:4566', '--state', state, '--poll-interval-ms', '5', ...handlerFiles()], (l) => lines.push(l))).toBe(0);
  const deployed = JSON.parse(fs.readFileSync(state, 'utf8'));
  expect(deployed.stacks.Net.resources.A).toMatchObject({ physicalId: 'A-id', attributes: { Endpoint: 'http://127.0.0.1:4566' } });
  expect(lines).toContain('✓ deploy complete');

  expect(await main(['destroy', '--state', state, ...handlerFiles()], (l) => lines.push(l))).toBe(0);
  expect(JSON.parse(fs.readFileSync(state, 'utf8')).stacks).toEqual({});
});

test('a failed deploy exits 1 with the reason and still writes the state', async () => {
  const assembly = writeAssembly([{ name: 'Net', resources: { ...providerResources(), A: custom('Thing', { Fail: 'Create' }) } }], path.join(dir, 'cdk.out'));
  const state = path.join(dir, 'state.json');
  const lines: string[] = [];
  expect(await main(['deploy', assembly, '--state', state, ...handlerFiles()], (l) => lines.push(l))).toBe(1);
  expect(lines).toContain('✗ deploy failed at Net/A: refused Create (rolled back)');
  expect(fs.existsSync(state)).toBe(true);
});

test.each([
  [[], /Unknown command \(none\)/],
  [['deploy', '--state', 'x'], /deploy needs the cloud assembly directory/],
  [['destroy'], /--state FILE is required/],
  [['destroy', '--state', 'x', '--concurrency', '0'], /--concurrency needs a positive number/],
  [['destroy', '--state', 'x', '--bogus', '1'], /Unknown option --bogus/],
])('usage errors exit 2: %j', async (argv, message) => {
  const lines: string[] = [];
  expect(await main(argv as string[], (l) => lines.push(l))).toBe(2);
  expect(lines.join('\n')).toMatch(message);
  expect(lines.join('\n')).toContain('usage: ts-node local/runner/main.ts');
});
