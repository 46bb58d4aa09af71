'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountNav } from '../nav/AccountNav';

/** The reports page's header (brand, the account nav) and main; the header stays off paper. */
export function ReportsFrame({ children }: { children: ReactNode }) {
  return (
    <div data-theme="dark" className="app reports-app">
      <header className="app-header print:hidden">
        <div className="app-brand">
          <Link href="/" className="app-board-name">
            Callboard
          </Link>
          <span className="app-product">Reports</span>
        </div>
        <AccountNav />
      </header>
      <main id="main" className="app-main settings reports">
        <h1>Reports</h1>
        {children}
      </main>
    </div>
  );
}
