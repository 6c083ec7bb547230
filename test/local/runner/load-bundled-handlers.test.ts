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
