import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { LambdaHandler, ProviderHandlers } from './provider-framework';

/** Where the bundles are, when not the repository's own `assets/`. */
export interface BundledHandlerPaths {
  readonly onEvent?: string;
  readonly isComplete?: string;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The bundles `npm run bundle` writes, relative to the repository root. */
export const DEFAULT_HANDLER_PATHS = {
  onEvent: path.join(REPO_ROOT, 'assets', 'provider', 'on-event.lambda', 'index.js'),
  isComplete: path.join(REPO_ROOT, 'assets', 'provider', 'is-complete.lambda', 'index.js'),
};

/**
 * Load the bundled onEvent and isComplete functions, freshly: a bundle may read the environment when it
 * is first evaluated (SDK clients built at module scope), and it must see this runner's endpoint and
 * region, not whatever an earlier runner in the same process had set.
 */
export function loadBundledHandlers(paths: BundledHandlerPaths = {}): ProviderHandlers {
  return {
    onEvent: loadHandler(paths.onEvent ?? DEFAULT_HANDLER_PATHS.onEvent),
    isComplete: loadHandler(paths.isComplete ?? DEFAULT_HANDLER_PATHS.isComplete),
  };
}

function loadHandler(file: string): LambdaHandler {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    throw new Error(`The handler bundle ${resolved} does not exist. Run \`npm run bundle\` first.`);
  }
  const mod = evaluateFresh(resolved);
  if (typeof mod?.handler !== 'function') {
    throw new Error(`The handler bundle ${resolved} does not export a function named handler.`);
  }
  return mod.handler;
}

/**
 * Evaluate a CommonJS file as a new module instance every time. Deleting it from `require.cache` is not
 * enough under Jest, whose module registry ignores that cache; and the code must run in the caller's
 * realm, because Jest gives each test file its own copy of `process.env`, the one the runner sets.
 */
function evaluateFresh(file: string): any {
  const source = fs.readFileSync(file, 'utf8');
  const module = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func
  const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname',
    `${source}\n//# sourceURL=${pathToFileURL(file).href}`);
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
