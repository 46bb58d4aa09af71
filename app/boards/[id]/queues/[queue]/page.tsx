import { paramId } from '@/components/board/paths';
import { QueuePage } from '@/components/board/QueuePage';

type Props = { params: Promise<{ id: string; queue: string }> };

/** `/boards/<id>/queues/<queue>`: one queue (its id URL-encoded: ids contain '/'). */
export default async function QueueRoute({ params }: Props) {
  const { id, queue } = await params;
  return <QueuePage boardId={paramId(id)} queueId={paramId(queue)} />;
}
