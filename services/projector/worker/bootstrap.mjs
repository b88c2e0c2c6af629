// Entry of the read-model worker when the hub runs from TypeScript sources (see kernel/threadEntry.mjs).
import { importThreadBody } from '../../kernel/threadEntry.mjs';

await importThreadBody(new URL('./readModelWorker.ts', import.meta.url).href);
