// Worker-thread entry for the day-close thread: loads the TypeScript module through tsx, the way
// `npm start` loads the server (a worker does not inherit the parent's `--import tsx` loader).
import { tsImport } from 'tsx/esm/api';

await tsImport('./closeThread.ts', import.meta.url);
