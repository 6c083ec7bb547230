import { MAX_PAGES, pages } from '../../src/runtime/pages';

interface Page { readonly items: number[]; readonly next?: string }

/** A listing that answers from `answers` by call number, recording the token of each call. */
function listing(answers: (call: number) => Page) {
  const tokens: Array<string | undefined> = [];
  const fetch = async (token: string | undefined): Promise<Page> => {
    tokens.push(token);
    return answers(tokens.length);
  };
  return { fetch, tokens };
}

async function collect(fetch: (token: string | undefined) => Promise<Page>): Promise<number[]> {
  const items: number[] = [];
  for await (const page of pages(fetch, (p) => p.next)) items.push(...page.items);
  return items;
}

test('reads every page, sending each page\'s next token, until a page has none', async () => {
  const { fetch, tokens } = listing((n) => ({ items: [n], next: n < 3 ? `t${n}` : undefined }));
  expect(await collect(fetch)).toEqual([1, 2, 3]);
  expect(tokens).toEqual([undefined, 't1', 't2']);
});

test('an empty next token ends the listing, as no token does', async () => {
  const { fetch, tokens } = listing((n) => ({ items: [n], next: '' }));
  expect(await collect(fetch)).toEqual([1]);
  expect(tokens).toEqual([undefined]);
});

test('stops at a next token it has already sent, instead of reading the same pages forever', async () => {
  // A service (or proxy) that keeps answering with the same token.
  const same = listing((n) => ({ items: [n], next: 'again' }));
  expect(await collect(same.fetch)).toEqual([1, 2]);
  expect(same.tokens).toEqual([undefined, 'again']);
  // One that cycles between two tokens.
  const cycle = listing((n) => ({ items: [n], next: n % 2 === 1 ? 'a' : 'b' }));
  expect(await collect(cycle.fetch)).toEqual([1, 2, 3]);
  expect(cycle.tokens).toEqual([undefined, 'a', 'b']);
});

test('stops after MAX_PAGES pages of ever new tokens', async () => {
  const { fetch, tokens } = listing((n) => ({ items: [], next: `t${n}` }));
  await collect(fetch);
  expect(tokens).toHaveLength(MAX_PAGES);
});

test('a caller that stops early makes no further call', async () => {
  const { fetch, tokens } = listing((n) => ({ items: [n], next: `t${n}` }));
  for await (const page of pages(fetch, (p) => p.next)) {
    if (page.items[0] === 2) break;
  }
  expect(tokens).toEqual([undefined, 't1']);
});
