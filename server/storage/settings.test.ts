import { describeSecretStoreContract, describeSettingsStoreContract } from './contracts/settingsContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeSettingsStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.settings),
);
describeSecretStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.secrets),
);
