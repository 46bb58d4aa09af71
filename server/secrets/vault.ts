import type { SecretStore } from '../storage/types';
import type { SecretBox } from './secretBox';

/**
 * Named secrets, encrypted before they reach storage and bound to their name (a ciphertext moved to
 * another name does not decrypt). The API layer should only ever expose `isSet`.
 */
export interface SecretVault {
  set(name: string, plaintext: string): void;
  /** The plaintext, for the part of the server that must use it (a connector); undefined if unset. */
  reveal(name: string): string | undefined;
  isSet(name: string): boolean;
  delete(name: string): boolean;
}

export function createSecretVault(o: {
  readonly store: SecretStore;
  readonly box: SecretBox;
  readonly now: () => number;
}): SecretVault {
  return {
    set(name, plaintext) {
      o.store.putCiphertext(name, o.box.encrypt(plaintext, name), o.now());
    },
    reveal(name) {
      const sealed = o.store.getCiphertext(name);
      return sealed === undefined ? undefined : o.box.decrypt(sealed, name);
    },
    isSet: (name) => o.store.has(name),
    delete: (name) => o.store.delete(name),
  };
}
