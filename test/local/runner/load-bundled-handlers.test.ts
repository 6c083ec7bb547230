import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { custom, providerResources, writeAssembly } from './write-assembly';
import { LifecycleRunner } from '../../../local/runner/lifecycle-runner';
import { DEFAULT_HANDLER_PATHS, loadBundledHandlers } from '../../../local/runner/load-bundled-handlers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-handlers-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the default handlers are the bundles in assets/provider, driven for real', async () => {
  expect(DEFAULT_HANDLER_PATHS.onEvent).toBe(path.resolve(__dirname, '../../../assets/provider/on-event.lambda/index.js'));
  expect(DEFAULT_HANDLER_PATHS.isComplete).toBe(path.resolve(__dirname, '../../../assets/provider/is-complete.lambda/index.js'));
  const assembly = writeAssembly([{ name: 'Net', resources: { ...providerResources(), Odd: custom('NotServedByThisLibrary') } }], path.join(dir, 'a'));
  const runner = new LifecycleRunner({ log: () => undefined, endpoint: 'http://127.0.0.1:1' });

  const result = await runner.deploy(assembly);

  expect(result.failed).toMatchObject({ logicalId: 'Odd', reason: expect.stringContaining('does not serve resource type Custom::NotServedByThisLibrary') });
  expect(result.invocations['Net/Odd']).toEqual({ onEvent: 1, isComplete: 0 });
});

test('each runner loads the bundles afresh, inside its own environment', async () => {
  // Like an SDK client built at module scope, this bundle reads the endpoint once, when first evaluated.
  const onEvent = path.join(dir, 'on-event.js');
  fs.writeFileSync(onEvent, [
    'const endpointAtLoad = process.env.AWS_ENDPOINT_URL;',
    'exports.handler = async (event) => ({ PhysicalResourceId: "p", Data: { Endpoint: endpointAtLoad } });',
  ].join('\n'));
  const isComplete = path.join(dir, 'is-complete.js');
  fs.writeFileSync(isComplete, 'exports.handler = async () => ({ IsComplete: true });');
  const assembly = writeAssembly([{ name: 'Net', resources: { ...providerResources(), A: custom('Thing') } }], path.join(dir, 'a'));

  const seen: unknown[] = [];
  for (const endpoint of ['http://127.0.0.1:1111', 'http://127.0.0.1:2222']) {
    const runner = new LifecycleRunner({ endpoint, handlerPaths: { onEvent, isComplete }, log: () => undefined });
    await runner.deploy(assembly);
    seen.push(runner.state.stacks.Net.resources.A.attributes.Endpoint);
  }
  expect(seen).toEqual(['http://127.0.0.1:1111', 'http://127.0.0.1:2222']);
});

test('a missing bundle is reported with the command that builds it', () => {
  expect(() => loadBundledHandlers({ onEvent: path.join(dir, 'nope.js') })).toThrow(/nope\.js does not exist\. Run `npm run bundle` first\./);
  fs.writeFileSync(path.join(dir, 'no-handler.js'), 'exports.other = 1;');
  expect(() => loadBundledHandlers({ onEvent: path.join(dir, 'no-handler.js') })).toThrow(/does not export a function named handler/);
});
