// Loads the TypeScript body of a worker thread (the `.mjs` entries beside each body use it). The
// hub runs TypeScript through tsx. A worker inherits the parent's loader when the parent was
// started with `node --import tsx` (`npm start`), but not under the `tsx` command or vitest; then
// tsx is registered here before the body is loaded.
export async function importThreadBody(url) {
  try {
    await import(url);
  } catch (err) {
    if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    const { register } = await import('tsx/esm/api');
    register();
    // Another URL: the loader remembers the failed load of the plain one.
    await import(`${url}?with-tsx`);
  }
}
