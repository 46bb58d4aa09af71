import { AgentBoardPage } from '@/components/board/AgentBoardPage';
import { paramId } from '@/components/board/paths';

type Props = { params: Promise<{ id: string }> };

/** `/boards/<id>/agents`: the agent board. */
export default async function AgentsRoute({ params }: Props) {
  const { id } = await params;
  return <AgentBoardPage boardId={paramId(id)} />;
}
