import { LiveBoard } from '../components/live/LiveBoard';
import { WallboardStoreProvider } from '../components/live/StoreProvider';

export default function Home() {
  return (
    <WallboardStoreProvider>
      <LiveBoard />
    </WallboardStoreProvider>
  );
}
