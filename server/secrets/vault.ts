import type { SecretStore } from '../storage/types';
import type { SecretBox } from './secretBox';

/**
 * Named secrets, encrypted before they reach storage and bound to their name (a ciphertext moved to
 * another name does not decrypt). The API layer should only ever expose `isSet`.
 */
export interface SecretVault {
  /** Resolves once the sealed value is stored. */
  set(name: string, plaintext: string): Promise<void>;
  /** The plaintext, for the part of the server that must use it (a connector); undefined if unset. */
  reveal(name: string): Promise<string | undefined>;
  isSet(name: string): Promise<boolean>;
  delete(name: string): Promise<boolean>;
}

export function createSecretVault(o: {
  readonly store: SecretStore;
  readonly box: SecretBox;
  readonly now: () => number;
}): SecretVault {
  return {
    set: (name, plaintext) => o.store.putCiphertext(name, o.box.encrypt(plaintext, name), o.now()),
    async reveal(name) {
      const sealed = await o.store.getCiphertext(name);
      return sealed === undefined ? undefined : o.box.decrypt(sealed, name);
    },
    isSet: (name) => o.store.has(name),
    delete: (name) => o.store.delete(name),
  };
}
