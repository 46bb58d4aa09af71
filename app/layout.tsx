import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AlertsProvider } from '@/components/alerts/AlertsProvider';
import { WallboardStoreProvider } from '@/components/live/StoreProvider';
import { LiveLink } from '@/components/live/useWallboardLink';
import './globals.css';

export const metadata: Metadata = {
  title: 'Callboard',
  description: 'Real-time call-center wallboard',
};

export const viewport: Viewport = {
  colorScheme: 'dark light',
  themeColor: '#0b1120',
};

/** One store and one live link for the whole app: moving between boards keeps the figures. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <WallboardStoreProvider>
          <AlertsProvider>
            <LiveLink />
            {children}
          </AlertsProvider>
        </WallboardStoreProvider>
      </body>
    </html>
  );
}
