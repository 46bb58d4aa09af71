import { UsersPage } from '@/components/settings/UsersPage';

/** `/settings/users`: accounts. */
export default function UsersRoute() {
  return <UsersPage />;
}
