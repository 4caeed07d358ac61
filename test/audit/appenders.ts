// Runs N append-process.ts processes against one database, all released at the same moment.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./append-process.ts', import.meta.url));

/** Resolves `waitFor(prefix)` with the first line of the child's stdout starting with it (seen before or later). */
function watch(child: ChildProcess): (prefix: string) => Promise<string> {
  const seen: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (!child.stdout) throw new Error('no stdout');
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.push(line);
    for (const w of waiters.filter((x) => line.startsWith(x.prefix))) w.resolve(line);
  });
  child.on('exit', (code) => {
    for (const w of waiters) w.reject(new Error(`appender exited (${code}) before "${w.prefix}": ${stderr}`));
  });
  return (prefix) =>
    new Promise((resolve, reject) => {
      const line = seen.find((l) => l.startsWith(prefix));
      if (line !== undefined) resolve(line);
      else waiters.push({ prefix, resolve, reject });
    });
}

export interface AppendRun {
  /** Wall time from "go" until the last process finished appending. */
  elapsedMs: number;
  entries: number;
}

/** `target`: a postgres:// URL or a SQLite file, already migrated. */
export async function runAppenders(options: { target: string; processes: number; perProcess: number; orgId?: string; baseline?: boolean; seal?: boolean }): Promise<AppendRun> {
  const last = options.baseline ? ['--baseline'] : options.seal ? ['--seal'] : options.orgId ? [options.orgId] : [];
  const children = Array.from({ length: options.processes }, (_, i) =>
    spawn(process.execPath, [script, options.target, String(options.perProcess), `p${i}`, ...last], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const waits = children.map(watch);
  try {
    await Promise.all(waits.map((waitFor) => waitFor('ready')));
    const done = waits.map((waitFor) => waitFor('done'));
    const started = performance.now();
    for (const c of children) c.stdin?.write('go\n');
    await Promise.all(done);
    const elapsedMs = performance.now() - started;
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((resolve) => c.once('exit', resolve)) : Promise.resolve())));
    return { elapsedMs, entries: options.processes * options.perProcess };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}
