// Progress on stderr: on a terminal one line redrawn in place; otherwise (CI, a log file) a
// line whenever another tenth of the rows is done or 10 seconds have passed, and at the end.
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  update(done: number): void;
  /** Ends the redrawn line (TTY) and prints the final count. */
  finish(done: number): void;
  /** A message between progress lines. */
  note(text: string): void;
}

const BAR_WIDTH = 30;
const QUIET_MS = 10_000;

export function createProgress(stream: ProgressStream | undefined, total: number, label: string, clock: () => number = Date.now): Progress {
  if (!stream) return { update() {}, finish() {}, note() {} };
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastAt = clock();
  let drawn = false;
  let printed = -1;
  const text = (done: number) => {
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * BAR_WIDTH);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} rows (${(share * 100).toFixed(1)}%)`;
  };
  const clearLine = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(done) {
      if (tty) {
        stream.write(`\r\x1b[2K${text(done)}`);
        drawn = true;
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth || clock() - lastAt >= QUIET_MS) {
        stream.write(`${text(done)}\n`);
        printed = done;
        lastTenth = tenth;
        lastAt = clock();
      }
    },
    finish(done) {
      clearLine();
      if (tty || printed !== done) stream.write(`${text(done)}\n`);
      printed = done;
    },
    note(message) {
      clearLine();
      stream.write(`${message}\n`);
    },
  };
}
