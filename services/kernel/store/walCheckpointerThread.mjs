// Entry of the WAL checkpointer thread when the hub runs from TypeScript sources (see threadEntry.mjs).
import { importThreadBody } from '../threadEntry.mjs';

await importThreadBody(new URL('./walCheckpointerThread.ts', import.meta.url).href);
