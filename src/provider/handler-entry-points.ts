import { RESOURCE_HANDLERS } from './resource-handlers';
import { createOnEventHandler } from '../runtime/dispatch';

/** The Provider framework's onEvent function for every resource type of this library. */
export const handler = createOnEventHandler(RESOURCE_HANDLERS);
