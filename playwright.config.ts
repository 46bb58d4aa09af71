import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the real production server (built by `npm run build`) fed by the built-in
 * simulator, each with a throwaway data dir (e2e/server.ts). Debian's Chromium, loopback only.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: '.playwright/results',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    // No locator action waits without end: a race in a test then fails on the action that waited,
    // named, instead of as a poll's timeout far from it.
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
