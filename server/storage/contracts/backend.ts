/**
 * What a store contract (./*Contract.ts) needs of a backend: a new, empty place to store (a SQLite
 * data directory, a PostgreSQL database) and a way to open a store on it. Opening the same place
 * twice gives two connections: what one's write resolved, the other must read (stored before the
 * promise resolves, which is what an HTTP handler's 2xx relies on).
 */
export interface OpenedStore<S> {
  readonly store: S;
  close(): Promise<void>;
}

export interface StoreBackend<S> {
  newPlace(): Promise<string>;
  open(place: string): Promise<OpenedStore<S>>;
}

/** A fresh place, opened; closed by the caller. */
export async function freshStore<S>(backend: StoreBackend<S>): Promise<OpenedStore<S>> {
  return backend.open(await backend.newPlace());
}

/** Runs `work` on a store of `place` opened for it alone (another connection), then closes it. */
export async function onAnother<S, T>(
  backend: StoreBackend<S>,
  place: string,
  work: (store: S) => Promise<T>,
): Promise<T> {
  const other = await backend.open(place);
  try {
    return await work(other.store);
  } finally {
    await other.close();
  }
}
