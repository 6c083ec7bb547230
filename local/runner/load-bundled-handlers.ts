import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { LambdaHandler, ProviderHandlers } from './lambda-service';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The handler bundle `npm run bundle` writes: both provider functions run it, through different exports. */
export const DEFAULT_HANDLER_BUNDLE = path.join(REPO_ROOT, 'assets', 'provider', 'handler', 'handler-entry-points', 'index.js');

/**
 * Load the bundle's onEvent and isComplete functions, freshly and each from its own evaluation: in the
 * cloud they are two Lambda functions that share no module state, and a bundle may read the environment
 * when it is first evaluated (SDK clients built at module scope), so it must see this runner's endpoint
 * and region, not whatever an earlier runner in the same process had set.
 */
export function loadBundledHandlers(bundle: string = DEFAULT_HANDLER_BUNDLE): ProviderHandlers {
  return {
    onEvent: loadHandler(bundle, 'onEvent'),
    isComplete: loadHandler(bundle, 'isComplete'),
  };
}

function loadHandler(file: string, entryPoint: 'onEvent' | 'isComplete'): LambdaHandler {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    throw new Error(`The handler bundle ${resolved} does not exist. Run \`npm run bundle\` first.`);
  }
  const mod = evaluateFresh(resolved);
  if (typeof mod?.[entryPoint] !== 'function') {
    throw new Error(`The handler bundle ${resolved} does not export a function named ${entryPoint}.`);
  }
  return mod[entryPoint];
}

/**
 * Evaluate a CommonJS bundle as a new set of module instances every time. Deleting it from `require.cache`
 * is not enough under Jest, whose module registry ignores that cache; and the code must run in the caller's
 * realm, because Jest gives each test file its own copy of `process.env`, the one the runner sets.
 *
 * The bundle is a directory: its entry file requires the bundle's other files (`./chunk-….js`, one file per
 * service) as it needs them. Those are evaluated the same way, once per load and shared within it
 * (as node's own module cache would within one Lambda function), so that two loads share nothing. Anything
 * else (node's built-in modules) is node's own `require`. Every file is read when the bundle is loaded, as a
 * Lambda function's code is fixed when it is deployed: a rebuild while it runs changes nothing it loads later.
 */
function evaluateFresh(entry: string): any {
  const bundleDirectory = path.dirname(entry);
  const sources = new Map(fs.readdirSync(bundleDirectory).filter((f) => f.endsWith('.js'))
    .map((f) => [path.join(bundleDirectory, f), fs.readFileSync(path.join(bundleDirectory, f), 'utf8')]));
  sources.set(entry, fs.readFileSync(entry, 'utf8'));
  const loaded = new Map<string, { exports: any }>();
  const load = (file: string): any => {
    const cached = loaded.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as any };
    // Registered before it runs, as node does, so that a cycle between files sees the partial exports.
    loaded.set(file, module);
    const nodeRequire = createRequire(file);
    const bundleRequire = (id: string): any => {
      if (!id.startsWith('./') && !id.startsWith('../')) return nodeRequire(id);
      const sibling = path.resolve(path.dirname(file), id);
      if (!sources.has(sibling)) {
        throw new Error(`The handler bundle ${entry} requires ${id} from ${path.basename(file)}, which is not a file of the bundle's ` +
          `directory ${bundleDirectory}: a Lambda function gets only that directory. Run \`npm run bundle\` again.`);
      }
      return load(sibling);
    };
    const source = sources.get(file)!;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname',
      `${source}\n//# sourceURL=${pathToFileURL(file).href}`);
    wrapper.call(module.exports, module.exports, bundleRequire, module, file, path.dirname(file));
    return module.exports;
  };
  return load(entry);
}
