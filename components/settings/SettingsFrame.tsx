'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountNav } from '../nav/AccountNav';
import { SignInNeeded } from './SignInNeeded';
import { useSettingsMe } from './settingsMe';

export const SETTINGS_SECTIONS = [
  { id: 'general', label: 'General', href: '/settings/general' },
  { id: 'pbx', label: 'PBX connections', href: '/settings/pbx' },
  { id: 'webhooks', label: 'Webhook sources', href: '/settings/webhooks' },
  { id: 'boards', label: 'Boards', href: '/settings/boards' },
  { id: 'displays', label: 'Displays', href: '/settings/displays' },
  { id: 'alerts', label: 'Alerts', href: '/settings/alerts' },
  { id: 'users', label: 'Users', href: '/settings/users' },
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number]['id'];
/** A supervisor's sections: the boards (thresholds, queues' seconds) and users (their own password). */
export const SUPERVISOR_SECTIONS: readonly SettingsSection[] = ['boards', 'users'];

/** The settings pages' header and navigation; the page's own content below. */
export function SettingsFrame({
  section,
  title,
  denied = null,
  children,
}: {
  /** The page's own section; null for the gate's page (no section is current). */
  section: SettingsSection | null;
  title: string;
  /** 401 / 403 from the page's API: say so and offer the sign-in instead of the page. */
  denied?: number | null;
  children: ReactNode;
}) {
  const me = useSettingsMe();
  // Signed out: no section list either (nothing in it would open).
  const sections =
    me.state === 'user'
      ? SETTINGS_SECTIONS.filter((s) => me.role === 'admin' || SUPERVISOR_SECTIONS.includes(s.id))
      : [];
  return (
    <div data-theme="dark" className="app">
      <header className="app-header">
        <div className="app-brand">
          <Link href="/" className="app-board-name">
            Callboard
          </Link>
          <span className="app-product">Settings</span>
        </div>
        <nav aria-label="Settings" className="app-nav">
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <Link href={s.href} aria-current={s.id === section ? 'page' : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <AccountNav />
      </header>
      <main id="main" className="app-main settings">
        <h1>{title}</h1>
        {denied !== null ? <SignInNeeded status={denied} /> : children}
      </main>
    </div>
  );
}
