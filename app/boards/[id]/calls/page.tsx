import { CallsPage } from '@/components/board/CallsPage';
import { paramId } from '@/components/board/paths';

type Props = { params: Promise<{ id: string }> };

/** `/boards/<id>/calls`: calls in progress. */
export default async function CallsRoute({ params }: Props) {
  const { id } = await params;
  return <CallsPage boardId={paramId(id)} />;
}
