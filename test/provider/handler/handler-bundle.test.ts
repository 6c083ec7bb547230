import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_HANDLER_BUNDLE } from '../../../local/runner/load-bundled-handlers';

// The handler bundle as `npx projen bundle` writes it (scripts/bundle-handler.js): one directory, an entry
// file that loads a service's file (its resource handlers) on the first request for one of its resource
// types, and the chunks they share. A cold start
// compiles only what its request loads, so what each file pulls in is checked here, by the files node
// actually evaluates (not by timing).

const BUNDLE_DIR = path.dirname(DEFAULT_HANDLER_BUNDLE);
const TABLE = path.join(__dirname, '../../../src/provider/handler/resource-handlers.ts');

/** What marks a file as holding one service's SDK client: its client name, in every command it defines. */
const CLIENTS = ['DirectConnectClient', 'NetworkManagerClient', 'IoTWirelessClient', 'SecretsManagerClient'];

/** The service files the table loads lazily (`src/<service>/handler/…` is in `<service>.js`), by file name. */
function serviceFiles(): string[] {
  const services = [...fs.readFileSync(TABLE, 'utf-8').matchAll(/require\('\.\.\/\.\.\/([^'/]+)\/handler\/[^'/]+'\)/g)].map((m) => `${m[1]}.js`);
  return [...new Set(services)];
}

/** The bundle files one fresh node process evaluates for `requires` (bundle file names), in order. */
function filesEvaluated(...requires: string[]): string[] {
  const script = `
    const path = require('path');
    for (const file of JSON.parse(process.argv[1])) require(path.join(process.argv[2], file));
    console.log(JSON.stringify(Object.keys(require.cache).map((f) => path.relative(process.argv[2], f))));`;
  const out = execFileSync(process.execPath, ['-e', script, JSON.stringify(requires), BUNDLE_DIR], {
    encoding: 'utf-8', env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1' },
  });
  return JSON.parse(out) as string[];
}

function clientsIn(files: string[]): string[] {
  const text = files.map((f) => fs.readFileSync(path.join(BUNDLE_DIR, f), 'utf-8')).join('\n');
  return CLIENTS.filter((name) => text.includes(`"${name}"`));
}

beforeAll(() => {
  if (!fs.existsSync(DEFAULT_HANDLER_BUNDLE)) throw new Error(`${DEFAULT_HANDLER_BUNDLE} does not exist: run \`npx projen bundle\` first.`);
});

test('every service the table loads handlers of is its own file of the bundle, named by the entry', () => {
  const files = serviceFiles();
  expect(files.sort()).toEqual(['directconnect.js', 'interconnect.js', 'iotwireless.js', 'networkmanager.js']);
  const entry = fs.readFileSync(DEFAULT_HANDLER_BUNDLE, 'utf-8');
  for (const file of files) {
    expect(fs.existsSync(path.join(BUNDLE_DIR, file))).toBe(true);
    // esbuild's require shim (a chunk's `require`, in the same directory) loads it on the first request.
    expect(entry).toContain(`("./${file}")`);
  }
  // Nothing else: the entry, the handlers and their chunks.
  const others = fs.readdirSync(BUNDLE_DIR).filter((f) => f !== 'index.js' && !files.includes(f));
  expect(others.filter((f) => !/^chunk-[A-Z0-9]+\.js$/.test(f))).toEqual([]);
});

test('loading the entry evaluates no handler and no service client, only the dispatch kit', () => {
  const loaded = filesEvaluated('index.js');
  expect(loaded[0]).toBe('index.js');
  expect(loaded.filter((f) => serviceFiles().includes(f))).toEqual([]);
  expect(clientsIn(loaded)).toEqual([]);
});

test.each([
  ['directconnect.js', ['DirectConnectClient']],
  ['networkmanager.js', ['NetworkManagerClient']],
  ['iotwireless.js', ['IoTWirelessClient', 'SecretsManagerClient']],
  ['interconnect.js', ['SecretsManagerClient']],
])('a request for a resource type of %s compiles only its own service clients: %j', (service, clients) => {
  const loaded = filesEvaluated('index.js', service);
  expect(loaded.filter((f) => serviceFiles().includes(f))).toEqual([service]);
  expect(clientsIn(loaded)).toEqual(clients);
  // Every file it loads is a file of the bundle's directory, which is all a Lambda function gets.
  expect(loaded.every((f) => !f.includes(path.sep) && fs.existsSync(path.join(BUNDLE_DIR, f)))).toBe(true);
});

test('each service file exports the handlers the table takes from it', () => {
  const table = fs.readFileSync(TABLE, 'utf-8');
  const wanted = [...table.matchAll(/require\('\.\.\/\.\.\/([^'/]+)\/handler\/[^'/]+'\) as \{ (\w+): ResourceHandler \}/g)];
  expect(wanted).toHaveLength(6);
  for (const [, service, name] of wanted) {
    const script = 'const m = require(process.argv[1]); console.log(JSON.stringify({ type: typeof m[process.argv[2]]?.onEvent, resourceType: m[process.argv[2]]?.resourceType }));';
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script, path.join(BUNDLE_DIR, `${service}.js`), name], { encoding: 'utf-8' }));
    expect({ service, name, ...out }).toEqual({ service, name, type: 'function', resourceType: expect.stringMatching(/^Custom::/) });
  }
});

test('the clients take their credentials from the environment: no file carries the default chain\'s other links', () => {
  const text = fs.readdirSync(BUNDLE_DIR).map((f) => fs.readFileSync(path.join(BUNDLE_DIR, f), 'utf-8')).join('\n');
  expect(text).toContain('@aws-sdk/credential-provider-env - fromEnv');
  for (const link of ['credential-provider-ini', 'credential-provider-sso', 'credential-provider-process', 'credential-provider-web-identity', 'token-providers']) {
    expect({ link, found: text.includes(`@aws-sdk/${link}`) }).toEqual({ link, found: false });
  }
});
