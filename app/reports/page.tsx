import { FormatsProvider } from '@/components/board/Formats';
import { ReportsPage } from '@/components/reports/ReportsPage';

/** `/reports`: history per queue and per agent, with CSV and a print layout (admins and supervisors). */
export default function ReportsRoute() {
  return (
    <FormatsProvider>
      <ReportsPage />
    </FormatsProvider>
  );
}
