import { PairPage } from '@/components/pair/PairPage';

/** `/pair`: a TV shows a code to be paired with a board (no login). */
export default function PairRoute() {
  return <PairPage />;
}
