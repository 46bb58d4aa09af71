import { paramId } from '@/components/board/paths';
import { KioskPage } from '@/components/kiosk/KioskPage';

type Props = { params: Promise<{ board: string }> };

/** `/kiosk/<board>`: the wall screen (full window, dark by default, rotating pages). */
export default async function KioskRoute({ params }: Props) {
  const { board } = await params;
  return <KioskPage boardId={paramId(board)} />;
}
