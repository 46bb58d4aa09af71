import { AuthPage } from '@/components/auth/AuthPage';

/** `/setup`: the first admin, on a fresh install. */
export default function SetupRoute() {
  return <AuthPage mode="setup" />;
}
