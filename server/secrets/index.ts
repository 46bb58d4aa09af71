export { loadSecretKey, SECRET_KEY_FILE, SecretKeyError } from './keyFile';
export { createSecretBox, SECRET_KEY_BYTES, type SecretBox, SecretBoxError } from './secretBox';
export { createSecretVault, type SecretVault } from './vault';
