import { z } from 'zod';
import { ID_PATTERN, ID_RULE } from './ids';

/**
 * A PortSIP WSI connection as an admin configures it (settings page, `/api/v1/pbx-connections`). Shared
 * by the server and the browser form. The password is not part of it: it is written separately,
 * stored encrypted, and never read back (`passwordSet` says whether there is one). Pure: no I/O.
 */
const list = z.array(z.string().trim().min(1).max(64)).max(1000).default([]);

export const pbxConnectionSchema = z.object({
  name: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(80, 'Use at most 80 characters for the name'),
  enabled: z.boolean().default(true),
  url: z
    .string({ error: 'Enter the WSI URL' })
    .trim()
    .regex(/^wss?:\/\/[^\s/]+/i, 'Enter a ws:// or wss:// URL, e.g. wss://pbx.example.com:8887/wsi'),
  /** The `auth` command logs in by username or by extension number. */
  login: z.enum(['username', 'extension']).default('username'),
  user: z
    .string({ error: 'Enter the user' })
    .trim()
    .min(1, 'Enter the user')
    .max(120, 'Use at most 120 characters for the user'),
  /** SIP domain of the tenant; empty = the PBX system administrator. */
  domain: z.string().trim().max(253).default(''),
  /** Tenant ids followed through the global_* topics (system administrator links). */
  tenants: list,
  /** Off only for a PBX with a self-signed certificate. */
  tlsVerify: z.boolean().default(true),
  /** Queue numbers to follow; empty = every queue the PBX announces. */
  queues: list,
  /** Extension numbers to follow; empty = the agents the queues reveal. */
  extensions: list,
  /** Optional agent names from PortSIP's REST API, logged in with the same user (login path differs by version). */
  rest: z
    .object({
      url: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s/]+/i, 'an http:// or https:// URL, e.g. https://pbx:8887/api'),
      loginPath: z
        .string()
        .regex(/^\/\S*$/, 'a path starting with /')
        .default('/login'),
      tenant: z.string().trim().max(64).default(''),
      refreshSeconds: z.number().int().min(60).max(86_400).default(900),
    })
    .nullable()
    .default(null),
});
export type PbxConnection = z.infer<typeof pbxConnectionSchema>;
export type PbxConnectionInput = z.input<typeof pbxConnectionSchema>;

/** Connection ids appear in source ids, URLs and logs. */
export const pbxConnectionIdSchema = z.string().regex(ID_PATTERN, ID_RULE);

/**
 * The demo's built-in simulator is a saved connection like any other, under this id (server/demo/
 * demoConnection.ts): saved at each demo start with the simulator's address, removed at a start
 * without DEMO=1. An admin may disable or edit it, not create another under its id.
 */
export const DEMO_PBX_ID = 'demo-pbx';
export const DEMO_PBX_ID_RESERVED = `"${DEMO_PBX_ID}" is reserved for the demo's built-in simulator: pick another id`;

/** The id of a connection being created: the demo's id is taken. */
export const newPbxConnectionIdSchema = pbxConnectionIdSchema.refine((id) => id !== DEMO_PBX_ID, {
  message: DEMO_PBX_ID_RESERVED,
});

/** What the API returns for a connection: never the password. */
export interface PbxConnectionView extends PbxConnection {
  readonly id: string;
  readonly passwordSet: boolean;
  readonly updatedAt: number;
}
