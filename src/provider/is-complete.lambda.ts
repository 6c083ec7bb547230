import { RESOURCE_HANDLERS } from './resource-handlers';
import { createIsCompleteHandler } from '../runtime/dispatch';

/** The Provider framework's isComplete function for every resource type of this library. */
export const handler = createIsCompleteHandler(RESOURCE_HANDLERS);
