'use client';

import { createContext, type ReactNode, useContext, useState } from 'react';
import { useStore } from 'zustand';
import {
  createWallboardStore,
  type WallboardActions,
  type WallboardData,
  type WallboardStore,
} from './store';

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

/** Subscribe to a narrow slice: a component re-renders only when its slice changes. */
export function useWallboard<T>(selector: (s: WallboardData & WallboardActions) => T): T {
  return useStore(useWallboardStore(), selector);
}
