import { describe, expect, it } from 'vitest';
import type { SecretStore, SettingsStore } from '../types';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * SettingsStore's and SecretStore's promises (../types.ts) as suites any backend runs: SQLite
 * (../settings.test.ts) and, when it exists, PostgreSQL. Pinned where databases differ: a stored
 * `null` is null while a missing key is undefined, JSON numbers and unicode come back as given, and a
 * secret store refuses anything not shaped like a sealed secret (a plaintext never lands in a table).
 */
export function describeSettingsStoreContract(name: string, backend: StoreBackend<SettingsStore>): void {
  describe(`SettingsStore contract (${name})`, () => {
    it('a missing key is undefined; a stored null, false, 0 or "" is that value', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.get('none')).toBeUndefined();
      await store.put('null', null, 1);
      await store.put('false', false, 1);
      await store.put('zero', 0, 1);
      await store.put('empty', '', 1);
      expect(await store.get('null')).toBeNull();
      expect(await store.get('false')).toBe(false);
      expect(await store.get('zero')).toBe(0);
      expect(await store.get('empty')).toBe('');
      await close();
    });

    it('put replaces; values come back as the JSON given', async () => {
      const { store, close } = await freshStore(backend);
      const general = {
        timezone: 'Europe/London',
        queues: { 'a/8000': { slaSeconds: 20 } },
        list: [1, 'two'],
      };
      await store.put('general', { timezone: 'UTC' }, 1);
      await store.put('general', general, 2);
      await store.put('server.cleanStopAt', 1_773_129_600_123, 3);
      await store.put('name', 'Étage “2” 📞', 4);
      expect(await store.get('general')).toEqual(general);
      expect(await store.get('server.cleanStopAt')).toBe(1_773_129_600_123);
      expect(await store.get('name')).toBe('Étage “2” 📞');
      await close();
    });

    it('keys are exact: case and dots matter', async () => {
      const { store, close } = await freshStore(backend);
      await store.put('pbx.cdrSyncToken.a', 'x', 1);
      expect(await store.get('PBX.cdrSyncToken.a')).toBeUndefined();
      expect(await store.get('pbx.cdrSyncToken.A')).toBeUndefined();
      expect(await store.get('pbx.cdrSyncToken.a')).toBe('x');
      await close();
    });

    it('delete says whether there was a value', async () => {
      const { store, close } = await freshStore(backend);
      await store.put('general', { a: 1 }, 1);
      expect(await store.delete('general')).toBe(true);
      expect(await store.delete('general')).toBe(false);
      expect(await store.get('general')).toBeUndefined();
      await close();
    });

    it('rejects a value that is not JSON, writing nothing', async () => {
      const { store, close } = await freshStore(backend);
      await expect(store.put('x', undefined, 1)).rejects.toThrow(TypeError);
      expect(await store.get('x')).toBeUndefined();
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.put('general', { timezone: 'Europe/Paris' }, 1);
      expect(await onAnother(backend, place, (other) => other.get('general'))).toEqual({
        timezone: 'Europe/Paris',
      });
      await store.delete('general');
      expect(await onAnother(backend, place, (other) => other.get('general'))).toBeUndefined();
      await close();
    });
  });
}

const SEALED = 'v1:aaaaaaaaaaaaaaaa:bbbbbbbbbbbbbbbbbbbbbb:cccccccc';

export function describeSecretStoreContract(name: string, backend: StoreBackend<SecretStore>): void {
  describe(`SecretStore contract (${name})`, () => {
    it('holds ciphertexts by key; has and delete say whether there is one', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.has('pbx/main/password')).toBe(false);
      expect(await store.getCiphertext('pbx/main/password')).toBeUndefined();
      await store.putCiphertext('pbx/main/password', SEALED, 1);
      await store.putCiphertext('pbx/main/password', `${SEALED}d`, 2);
      expect(await store.has('pbx/main/password')).toBe(true);
      expect(await store.has('pbx/MAIN/password')).toBe(false);
      expect(await store.getCiphertext('pbx/main/password')).toBe(`${SEALED}d`);
      expect(await store.delete('pbx/main/password')).toBe(true);
      expect(await store.delete('pbx/main/password')).toBe(false);
      expect(await store.has('pbx/main/password')).toBe(false);
      await close();
    });

    it('refuses a plaintext (anything not shaped like a sealed secret), writing nothing', async () => {
      const { store, close } = await freshStore(backend);
      await expect(store.putCiphertext('pbx/main', 'hunter2hunter2', 1)).rejects.toThrow();
      await expect(store.putCiphertext('pbx/main', '', 1)).rejects.toThrow();
      expect(await store.has('pbx/main')).toBe(false);
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.putCiphertext('webhook/3cx/current', SEALED, 1);
      expect(await onAnother(backend, place, (other) => other.getCiphertext('webhook/3cx/current'))).toBe(
        SEALED,
      );
      await close();
    });
  });
}
