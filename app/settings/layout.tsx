import type { ReactNode } from 'react';
import { FormatsProvider } from '@/components/board/Formats';

/** Every settings page writes times in the boards' formats (Settings → General: clock, timezone, language). */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return <FormatsProvider>{children}</FormatsProvider>;
}
