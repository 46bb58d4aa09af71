import { SupervisorBoardPage } from '@/components/board/SupervisorBoardPage';
import { DEFAULT_BOARD_ID } from '@/lib/board/model';

/** `/`: the default board (`all-queues`, which always exists). */
export default function Home() {
  return <SupervisorBoardPage boardId={DEFAULT_BOARD_ID} />;
}
