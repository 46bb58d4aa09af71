import { redirect } from 'next/navigation';

/** `/settings`: starts at the PBX connections. */
export default function SettingsRoute() {
  redirect('/settings/pbx');
}
