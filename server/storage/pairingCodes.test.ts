import { describeAttemptStoresContract } from './contracts/attemptStoresContract';
import { createMemoryAttemptStores } from './pairingCodes';
import { memoryStoreBackend } from './testing/memoryBackend';

describeAttemptStoresContract(
  'memory',
  memoryStoreBackend(createMemoryAttemptStores, { close: (s) => s.stop() }),
);
