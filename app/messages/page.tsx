import { FloorMessagesPage } from '@/components/floor/FloorMessagesPage';

/** `/messages`: messages to the floor (post, list, remove). */
export default function MessagesRoute() {
  return <FloorMessagesPage />;
}
