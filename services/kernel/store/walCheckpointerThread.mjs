// Entry of the WAL checkpointer thread. The hub runs TypeScript through tsx. A worker inherits the
// parent's loader when the parent was started with `node --import tsx`, but not under the `tsx`
// command or vitest; then tsx is registered here before the thread's body is loaded.
try {
  await import('./walCheckpointerThread.ts');
} catch (err) {
  if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
  const { register } = await import('tsx/esm/api');
  register();
  // Another URL: the loader remembers the failed load of the plain one.
  await import('./walCheckpointerThread.ts?with-tsx');
}
