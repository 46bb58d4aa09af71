import { AuthPage } from '@/components/auth/AuthPage';

/** `/login`: people sign in here (displays use their token URL). */
export default function LoginRoute() {
  return <AuthPage mode="login" />;
}
