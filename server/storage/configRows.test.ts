import { describeConfigRowsContract } from './contracts/configRowsContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeConfigRowsContract(
  'SQLite, pbx_connections',
  sqliteStoreBackend((s) => s.pbxConnections),
);
describeConfigRowsContract(
  'SQLite, webhook_sources',
  sqliteStoreBackend((s) => s.webhookSources),
);
describeConfigRowsContract(
  'SQLite, alert_channels',
  sqliteStoreBackend((s) => s.alertChannels),
);
