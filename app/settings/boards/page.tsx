import { BoardsPage } from '@/components/settings/BoardsPage';

/** `/settings/boards`: the board editor. */
export default function BoardsRoute() {
  return <BoardsPage />;
}
