'use client';

import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AlertView } from '../../lib/protocol';
import { type AlertsState, type AlertsStore, createAlertsStore } from './alertsStore';

const AlertsContext = createContext<AlertsStore | null>(null);

export function AlertsProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createAlertsStore);
  return <AlertsContext.Provider value={store}>{children}</AlertsContext.Provider>;
}

export function useAlertsStore(): AlertsStore {
  const store = useContext(AlertsContext);
  if (!store) throw new Error('useAlertsStore needs an AlertsProvider');
  return store;
}

export function useAlerts<T>(selector: (s: AlertsState) => T): T {
  return useStore(useAlertsStore(), useShallow(selector));
}

/** The open alerts of `boardId`: the page asks the live link to watch that board while mounted. */
export function useBoardAlerts(boardId: string): readonly AlertView[] {
  const store = useAlertsStore();
  useEffect(() => {
    store.getState().watch(boardId);
    return () => {
      if (store.getState().watching === boardId) store.getState().watch(null);
    };
  }, [store, boardId]);
  return useAlerts((s) => (s.boardId === boardId ? s.alerts : EMPTY));
}

const EMPTY: readonly AlertView[] = [];
