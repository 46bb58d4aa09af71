import { PbxConnectionsPage } from '@/components/settings/PbxConnectionsPage';

/** `/settings/pbx`: PortSIP WSI connections. */
export default function PbxSettingsRoute() {
  return <PbxConnectionsPage />;
}
