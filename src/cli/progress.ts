// A one-line progress indicator on stderr, drawn only when stderr is a terminal (so pipes and CI logs stay clean).

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export function progress(label: string, total: number | null, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick: () => undefined, done: () => undefined };
  const start = Date.now();
  let count = 0;
  let last = 0;
  const draw = (): void => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const rate = Math.round(count / secs);
    if (total) {
      const width = 30;
      const filled = Math.min(width, Math.round((count / total) * width));
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${rate}/s `);
    } else {
      stream.write(`\r${label} ${count} ${rate}/s `);
    }
  };
  return {
    tick(n = 1) {
      count += n;
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        draw();
      }
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}
