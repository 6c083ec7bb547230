import { RESOURCE_HANDLERS } from './resource-handlers';
import { createIsCompleteHandler, createOnEventHandler } from '../../runtime/dispatch';

// The one handler bundle: both Lambda functions of the provider run it, each with its own entry point
// (`index.onEvent`, `index.isComplete`), so a stack stages, hashes and uploads a single asset.

/** The Provider framework's onEvent function for every resource type of this library. */
export const onEvent = createOnEventHandler(RESOURCE_HANDLERS);

/** The Provider framework's isComplete function for every resource type of this library. */
export const isComplete = createIsCompleteHandler(RESOURCE_HANDLERS);
