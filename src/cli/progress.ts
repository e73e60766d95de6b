/**
 * Progress for long operations: a single updating line on a TTY (stderr), silent otherwise,
 * so piped output and `--json` stay clean.
 */
export interface Progress {
  tick(done: number, note?: string): void;
  done(summary?: string): void;
}

export function createProgress(label: string, total?: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick() {}, done() {} };
  const started = Date.now();
  let last = 0;
  const render = (n: number, note?: string) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(n / secs) : 0;
    const pct = total ? ` ${((100 * n) / total).toFixed(1)}%` : '';
    stream.write(`\r\x1b[2K${label}: ${n.toLocaleString('en')}${total ? '/' + total.toLocaleString('en') : ''}${pct} (${rate.toLocaleString('en')}/s)${note ? ' ' + note : ''}`);
  };
  return {
    tick(n, note) {
      const now = Date.now();
      if (now - last < 100 && (!total || n < total)) return;
      last = now;
      render(n, note);
    },
    done(summary) {
      stream.write(`\r\x1b[2K${summary ? label + ': ' + summary + '\n' : ''}`);
    },
  };
}
