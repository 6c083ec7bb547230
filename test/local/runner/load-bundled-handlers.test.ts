import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { custom, providerResources, writeAssembly } from './write-assembly';
import { LifecycleRunner } from '../../../local/runner/lifecycle-runner';
import { DEFAULT_HANDLER_BUNDLE, loadBundledHandlers } from '../../../local/runner/load-bundled-handlers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-handlers-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the default handlers are the bundle in assets/provider, driven for real', async () => {
  expect(DEFAULT_HANDLER_BUNDLE).toBe(path.resolve(__dirname, '../../../assets/provider/handler/handler-entry-points/index.js'));
  const assembly = writeAssembly([{ name: 'Net', resources: { ...providerResources(), Odd: custom('NotServedByThisLibrary') } }], path.join(dir, 'a'));
  const runner = new LifecycleRunner({ log: () => undefined, endpoint: 'http://127.0.0.1:1' });

  const result = await runner.deploy(assembly);
  await runner.close();

  expect(result.failed).toMatchObject({ logicalId: 'Odd', reason: expect.stringContaining('does not serve resource type Custom::NotServedByThisLibrary') });
  expect(result.invocations['Net/Odd']).toEqual({ onEvent: 1, isComplete: 0 });
});

test('each runner loads the bundles afresh, inside its own environment', async () => {
  // Like an SDK client built at module scope, this bundle reads the endpoint once, when first evaluated.
  const bundle = path.join(dir, 'bundle.js');
  fs.writeFileSync(bundle, [
    'const endpointAtLoad = process.env.AWS_ENDPOINT_URL;',
    'exports.onEvent = async (event) => ({ PhysicalResourceId: "p", Data: { Endpoint: endpointAtLoad } });',
    'exports.isComplete = async () => ({ IsComplete: true });',
  ].join('\n'));
  const assembly = writeAssembly([{ name: 'Net', resources: { ...providerResources(), A: custom('Thing') } }], path.join(dir, 'a'));

  const seen: unknown[] = [];
  for (const endpoint of ['http://127.0.0.1:1111', 'http://127.0.0.1:2222']) {
    const runner = new LifecycleRunner({ endpoint, handlerBundle: bundle, log: () => undefined });
    await runner.deploy(assembly);
    await runner.close();
    seen.push(runner.state.stacks.Net.resources.A.attributes.Endpoint);
  }
  expect(seen).toEqual(['http://127.0.0.1:1111', 'http://127.0.0.1:2222']);
});

test('a missing bundle, or one without both entry points, is reported with what to do', () => {
  expect(() => loadBundledHandlers(path.join(dir, 'nope.js'))).toThrow(/nope\.js does not exist\. Run `npm run bundle` first\./);
  fs.writeFileSync(path.join(dir, 'no-is-complete.js'), 'exports.onEvent = async () => ({});');
  expect(() => loadBundledHandlers(path.join(dir, 'no-is-complete.js'))).toThrow(/does not export a function named isComplete/);
});

test('onEvent and isComplete share no module state, as two Lambda functions would not', async () => {
  const bundle = path.join(dir, 'counting.js');
  fs.writeFileSync(bundle, [
    'let calls = 0;',
    'exports.onEvent = async () => ({ calls: ++calls });',
    'exports.isComplete = async () => ({ calls: ++calls });',
  ].join('\n'));
  const handlers = loadBundledHandlers(bundle);

  expect(await handlers.onEvent({}, {})).toEqual({ calls: 1 });
  expect(await handlers.onEvent({}, {})).toEqual({ calls: 2 });
  expect(await handlers.isComplete!({}, {})).toEqual({ calls: 1 });
});

test('a bundle of several files: each load evaluates its files afresh, shared within the load, and none outside its directory', async () => {
  const bundleDir = path.join(dir, 'bundle');
  fs.mkdirSync(bundleDir);
  // The entry and a handler file both use one shared chunk, which the handler file requires only when called.
  fs.writeFileSync(path.join(bundleDir, 'chunk-shared.js'), 'let count = 0; exports.next = () => ++count;');
  fs.writeFileSync(path.join(bundleDir, 'handler.js'), 'const shared = require("./chunk-shared.js"); exports.handle = () => shared.next();');
  fs.writeFileSync(path.join(bundleDir, 'index.js'), [
    'const shared = require("./chunk-shared.js");',
    'exports.onEvent = async () => ({ entry: shared.next(), handler: require("./handler.js").handle() });',
    'exports.isComplete = async () => ({ entry: shared.next() });',
  ].join('\n'));
  const first = loadBundledHandlers(path.join(bundleDir, 'index.js'));
  const second = loadBundledHandlers(path.join(bundleDir, 'index.js'));

  // One chunk instance for the entry and the handler file of one function...
  expect(await first.onEvent({}, {})).toEqual({ entry: 1, handler: 2 });
  expect(await first.onEvent({}, {})).toEqual({ entry: 3, handler: 4 });
  // ...and none shared with the other function, or with another load.
  expect(await first.isComplete!({}, {})).toEqual({ entry: 1 });
  expect(await second.onEvent({}, {})).toEqual({ entry: 1, handler: 2 });

  fs.writeFileSync(path.join(dir, 'outside.js'), 'exports.x = 1;');
  fs.writeFileSync(path.join(bundleDir, 'escapes.js'), [
    'exports.onEvent = async () => require("../outside.js");',
    'exports.isComplete = async () => require("./missing.js");',
  ].join('\n'));
  const escapes = loadBundledHandlers(path.join(bundleDir, 'escapes.js'));
  await expect(escapes.onEvent({}, {})).rejects.toThrow(/requires \.\.\/outside\.js from escapes\.js, which is not a file of the bundle's directory .*: a Lambda function gets only that directory/);
  await expect(escapes.isComplete!({}, {})).rejects.toThrow(/requires \.\/missing\.js from escapes\.js, which is not a file of the bundle's directory/);
});

test('a bundle\'s files are read when it is loaded: a rebuild afterwards changes nothing it loads later', async () => {
  const bundleDir = path.join(dir, 'rebuilt');
  fs.mkdirSync(bundleDir);
  fs.writeFileSync(path.join(bundleDir, 'service.js'), 'exports.version = "first build";');
  fs.writeFileSync(path.join(bundleDir, 'index.js'), [
    'exports.onEvent = async () => ({ version: require("./service.js").version });',
    'exports.isComplete = async () => ({});',
  ].join('\n'));
  const handlers = loadBundledHandlers(path.join(bundleDir, 'index.js'));
  // The rebuild replaces the service's file before the first request loads it.
  fs.writeFileSync(path.join(bundleDir, 'service.js'), 'exports.version = "second build";');

  expect(await handlers.onEvent({}, {})).toEqual({ version: 'first build' });
  expect(await loadBundledHandlers(path.join(bundleDir, 'index.js')).onEvent({}, {})).toEqual({ version: 'second build' });
});
