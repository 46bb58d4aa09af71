'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useMe } from '../nav/useMe';
import { SETTINGS_SECTIONS, SettingsFrame, SUPERVISOR_SECTIONS } from './SettingsFrame';
import { SettingsMeContext } from './settingsMe';

/** The pages a supervisor may use (SUPERVISOR_SECTIONS: the boards, and users for their own password). */
const SUPERVISOR_PAGES = SETTINGS_SECTIONS.filter((s) => SUPERVISOR_SECTIONS.includes(s.id)).map(
  (s) => s.href,
);

/**
 * Every settings page, gated before it renders (app/settings/layout.tsx): signed out, a sign-in
 * prompt and nothing else; signed in without the right to this page, a plain refusal with the way to
 * the boards and Sign out. The server checks every request anyway; this keeps a page from showing
 * buttons that can only fail, or crashing on data it was never going to get.
 */
export function SettingsGate({ children }: { children: ReactNode }) {
  const me = useMe();
  const path = usePathname() ?? '/settings';
  if (me.state === 'loading')
    return (
      <div data-theme="dark" className="app">
        <main id="main" className="app-main settings">
          <p role="status" className="notice">
            Loading…
          </p>
        </main>
      </div>
    );
  const allowed =
    me.state === 'user' &&
    (me.role === 'admin' || SUPERVISOR_PAGES.some((p) => path === p || path.startsWith(`${p}/`)));
  if (!allowed)
    return (
      <SettingsMeContext.Provider value={me}>
        <SettingsFrame section={null} title="Settings" denied={me.state === 'signed-out' ? 401 : 403}>
          {null}
        </SettingsFrame>
      </SettingsMeContext.Provider>
    );
  return <SettingsMeContext.Provider value={me}>{children}</SettingsMeContext.Provider>;
}
