import { z } from 'zod';

/**
 * Runs in the browser before any page module (Next's instrumentation-client convention). The
 * Content-Security-Policy has no 'unsafe-eval' (server/http/securityHeaders.ts), and zod's JIT probes
 * for eval with `new Function("")` when its first object schema is built: the browser refuses it and
 * reports a CSP violation on every page load, though zod carries on. jitless skips the probe (and the
 * JIT, which the policy refuses anyway). The server keeps zod's default.
 */
z.config({ jitless: true });
