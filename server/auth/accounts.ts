import { DuplicateEmailError, type User, type UserRole, type UserStore } from '../storage/types';
import { hashPassword, passwordProblem, verifyPassword } from './password';

/**
 * People's accounts: first-run setup, creation, and the password check. Passwords go in, hashes are
 * stored, and nothing here returns or logs either.
 */
export interface Accounts {
  /** True until the first user exists: then /setup is closed for good. */
  needsSetup(): Promise<boolean>;
  list(): Promise<User[]>;
  get(id: number): Promise<User | undefined>;
  /** Deletes the user and their sessions; never the last admin. */
  remove(id: number): Promise<'deleted' | 'not-found' | 'last-admin'>;
  /** The first admin, only while nobody exists (a second concurrent setup gets undefined). */
  setUp(email: string, password: string): Promise<User | undefined>;
  /** Throws AccountError (weak password, taken email). */
  create(email: string, password: string, role: UserRole): Promise<User>;
  /** The user when the password is right, otherwise undefined (unknown email and wrong password alike). */
  verify(email: string, password: string): Promise<User | undefined>;
  /** Whether `password` is this user's (someone changing their own password proves it first). */
  checkPassword(id: number, password: string): Promise<boolean>;
  /**
   * A new password under the creation policy (AccountError 422 otherwise); every session of the user
   * ends with the old one. False: no such user.
   */
  setPassword(id: number, password: string): Promise<boolean>;
  /** Admin ⇄ supervisor; never the last admin. Sessions read the role per request: it applies at once. */
  setRole(id: number, role: UserRole): Promise<'changed' | 'unchanged' | 'not-found' | 'last-admin'>;
  /** ADMIN_EMAIL / ADMIN_PASSWORD at start: creates that admin when nobody exists. The user, if created. */
  seed(seed: { email: string; password: string } | null): Promise<User | undefined>;
}

export class AccountError extends Error {
  constructor(
    readonly status: 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export function createAccounts(o: { readonly users: UserStore; readonly now: () => number }): Accounts {
  const { users, now } = o;
  // Checked against when the email is unknown, so "no such user" takes as long as "wrong password"
  // and response times do not reveal which emails have accounts.
  const decoy = hashPassword('decoy password, never matches');

  /** The one password policy, for creation and every change. */
  async function hashed(password: string): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw new AccountError(422, `password: ${problem}`);
    return hashPassword(password);
  }

  async function prepared(email: string, password: string, role: UserRole) {
    return { email, passwordHash: await hashed(password), role, createdAt: now() };
  }

  return {
    needsSetup: async () => (await users.count()) === 0,
    list: () => users.list(),
    get: (id) => users.get(id),
    remove: (id) => users.delete(id),
    async setUp(email, password) {
      if ((await users.count()) > 0) return undefined;
      return users.createFirst(await prepared(email, password, 'admin'));
    },
    async create(email, password, role) {
      try {
        return await users.create(await prepared(email, password, role));
      } catch (err) {
        if (err instanceof DuplicateEmailError) throw new AccountError(409, 'a user with this email exists');
        throw err;
      }
    },
    async verify(email, password) {
      const found = await users.credentialsOf(email);
      if (!found) {
        await verifyPassword(password, await decoy);
        return undefined;
      }
      return (await verifyPassword(password, found.passwordHash)) ? found.user : undefined;
    },
    async checkPassword(id, password) {
      const user = await users.get(id);
      const found = user && (await users.credentialsOf(user.email));
      return verifyPassword(password, found ? found.passwordHash : await decoy);
    },
    async setPassword(id, password) {
      return users.setPassword(id, await hashed(password));
    },
    setRole: (id, role) => users.setRole(id, role),
    async seed(seed) {
      if (!seed || (await users.count()) > 0) return undefined;
      return users.createFirst(await prepared(seed.email, seed.password, 'admin'));
    },
  };
}
