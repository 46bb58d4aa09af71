'use client';

import { createContext, type ReactNode, useContext, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createWallboardStore, type WallboardState, type WallboardStore } from './store';

const StoreContext = createContext<WallboardStore | null>(null);

export function WallboardStoreProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => createWallboardStore(Date.now()));
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useWallboardStore(): WallboardStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useWallboardStore needs a WallboardStoreProvider');
  return store;
}

/**
 * Subscribe to a narrow slice: a component re-renders only when its slice changes (Object.is). The
 * selector must return something already in the store, or a primitive — never a new object or array
 * (use `useWallboardShallow` for those).
 */
export function useWallboard<T>(selector: (s: WallboardState) => T): T {
  return useStore(useWallboardStore(), selector);
}

/** For selectors that build an array or object: re-renders only when its items change. */
export function useWallboardShallow<T>(selector: (s: WallboardState) => T): T {
  return useStore(useWallboardStore(), useShallow(selector));
}
