import type { StoreBackend } from '../contracts/backend';

/**
 * Test support: a store that lives in this process's memory as a contract (../contracts) sees it.
 * Each place is one store; opening it again hands out the same store, as every request of one
 * process shares it.
 */
export function memoryStoreBackend<S>(
  make: () => S,
  o: { readonly close?: (store: S) => void } = {},
): StoreBackend<S> {
  const places = new Map<string, S>();
  return {
    async newPlace() {
      const place = `memory-${places.size + 1}`;
      places.set(place, make());
      return place;
    },
    async open(place) {
      const store = places.get(place);
      if (store === undefined) throw new Error(`no place ${place}`);
      return { store, close: async () => o.close?.(store) };
    },
  };
}
