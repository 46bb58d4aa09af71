'use client';

import { useCallback, useState } from 'react';

/**
 * A form's draft with a `patch` that merges into the *latest* draft (a functional update). A change
 * written as a spread of the rendered draft (`set({ ...rendered, text })`) starts from the last render: when something
 * else updated the draft since (a fetch that fills in the default board, another field changed in
 * the same tick), that update is silently undone. CI caught it: the floor-message form lost its
 * default board when the boards arrived between a render and a keystroke.
 */
export function useDraft<T extends object>(initial: T | (() => T)) {
  const [draft, setDraft] = useState<T>(initial);
  const patch = useCallback((change: Partial<T>) => setDraft((d) => ({ ...d, ...change })), []);
  return [draft, patch, setDraft] as const;
}
