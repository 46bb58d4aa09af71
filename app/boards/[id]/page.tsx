import { paramId } from '@/components/board/paths';
import { SupervisorBoardPage } from '@/components/board/SupervisorBoardPage';

type Props = { params: Promise<{ id: string }> };

/** `/boards/<id>`: a board's figures and queues. */
export default async function BoardRoute({ params }: Props) {
  const { id } = await params;
  return <SupervisorBoardPage boardId={paramId(id)} />;
}
