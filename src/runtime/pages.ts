/** The most pages one listing reads: far past any real account, short of an invocation spent on a loop. */
export const MAX_PAGES = 1000;

/**
 * Each page of a paginated AWS listing, first to last: `fetch` gets the previous page's next token
 * (undefined for the first page), `nextTokenOf` reads it from a page.
 *
 * It stops at the first page without a next token, as the SDK's own paginators do, and also at a next token
 * it has already sent (a service or proxy that answers the same page again would otherwise keep an
 * invocation calling until its time runs out), or after `MAX_PAGES` pages. A caller that stops iterating
 * early (it found what it looked for) makes no further call.
 */
export async function* pages<P>(
  fetch: (nextToken: string | undefined) => Promise<P>,
  nextTokenOf: (page: P) => string | undefined,
): AsyncGenerator<P> {
  const sent = new Set<string>();
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await fetch(token);
    yield page;
    token = nextTokenOf(page) || undefined;
    if (token === undefined || sent.has(token)) return;
    sent.add(token);
  }
}
