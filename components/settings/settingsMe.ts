'use client';

import { createContext, useContext } from 'react';
import type { Me } from '../nav/useMe';

/** Who is signed in, as the settings gate found it (the settings navigation shows their pages only). */
export const SettingsMeContext = createContext<Me>({ state: 'loading' });

export function useSettingsMe(): Me {
  return useContext(SettingsMeContext);
}
