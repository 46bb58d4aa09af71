import type { ReactNode } from 'react';
import { FormatsProvider } from '@/components/board/Formats';
import { SettingsGate } from '@/components/settings/SettingsGate';

/**
 * Every settings page writes times in the boards' formats (Settings → General: clock, timezone,
 * language), and is gated: signed out, a sign-in prompt and nothing else (SettingsGate).
 */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <FormatsProvider>
      <SettingsGate>{children}</SettingsGate>
    </FormatsProvider>
  );
}
