// Walks a List method's pages (AIP-158: page_size, page_token, next_page_token) up to a row limit.
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string;
}

/** The server clamps larger pages; asking for no more than what is left keeps next_page_token exact. */
export const MAX_PAGE_SIZE = 500;

export interface Collected<T> {
  readonly items: T[];
  /** Where the next call would continue; empty when everything was read. */
  readonly nextPageToken: string;
}

export async function collectPages<T>(fetch: (pageSize: number, pageToken: string) => Promise<Page<T>>, limit: number, startToken = ''): Promise<Collected<T>> {
  const items: T[] = [];
  let token = startToken;
  do {
    const page = await fetch(Math.min(MAX_PAGE_SIZE, limit - items.length), token);
    items.push(...page.items.slice(0, limit - items.length));
    token = page.nextPageToken;
  } while (token !== '' && items.length < limit);
  return { items, nextPageToken: token };
}

/** Every row, page by page, for reports that must be complete (the import's rejected rows). */
export async function* allPages<T>(fetch: (pageSize: number, pageToken: string) => Promise<Page<T>>, pageSize = MAX_PAGE_SIZE): AsyncGenerator<T> {
  let token = '';
  do {
    const page = await fetch(pageSize, token);
    yield* page.items;
    token = page.nextPageToken;
  } while (token !== '');
}
