import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearSpoolDir, createSpool, dropSpoolTicket, importSpool } from './spool.ts';

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

describe('encrypted spool', () => {
  it('gives back exactly what was written, from any offset, and holds no plaintext on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const plain = Buffer.alloc(3 * 65536 + 123);
    for (let i = 0; i < plain.length; i++) plain[i] = (i * 31) % 251;
    plain.write('Patient: Jane Doe, diagnosis confidential', 70000);
    const writer = await createSpool(dir);
    // Odd piece sizes, as a socket delivers them.
    for (let at = 0; at < plain.length; at += 7777) await writer.write(plain.subarray(at, at + 7777));
    const file = await writer.finish();
    expect(file.size).toBe(plain.length);
    expect((await collect(file.read())).equals(plain)).toBe(true);
    for (const start of [0, 1, 65535, 65536, 65537, 131072 + 5, plain.length - 1, plain.length]) {
      expect((await collect(file.read(start))).equals(plain.subarray(start))).toBe(true);
    }
    const [name] = await readdir(dir);
    const onDisk = await readFile(join(dir, name!));
    expect(onDisk.includes(Buffer.from('Jane Doe'))).toBe(false);
    await file.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('handles an empty mail and a mail of exactly one chunk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    for (const size of [0, 65536, 131072]) {
      const writer = await createSpool(dir);
      await writer.write(Buffer.alloc(size, 7));
      const file = await writer.finish();
      expect((await collect(file.read())).length).toBe(size);
      await file.discard();
    }
  });

  it('refuses a tampered spool file rather than returning altered mail', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const writer = await createSpool(dir);
    await writer.write(Buffer.alloc(100_000, 1));
    const file = await writer.finish();
    const [name] = await readdir(dir);
    const bytes = await readFile(join(dir, name!));
    bytes[70_000] = bytes[70_000]! ^ 1;
    await writeFile(join(dir, name!), bytes);
    await expect(collect(file.read())).rejects.toThrow();
    await file.discard();
  });

  it('clears files a crashed process left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const writer = await createSpool(dir);
    await writer.write(Buffer.from('left behind'));
    expect(await clearSpoolDir(dir)).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('hands a finished file to another owner by ticket: the exporter can no longer read it, the importer can', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const plain = Buffer.alloc(70000, 9);
    const writer = await createSpool(dir);
    expect(writer.path.startsWith(dir)).toBe(true);
    await writer.write(plain);
    const file = await writer.finish();
    const ticket = await file.export();
    await expect(collect(file.read())).rejects.toThrow();
    // The exporter's discard no longer touches a file it gave away.
    await file.discard();
    expect(await readdir(dir)).toHaveLength(1);
    const sentKey = ticket.key;
    const imported = await importSpool(ticket);
    expect(sentKey.every((b) => b === 0)).toBe(true);
    expect(imported.size).toBe(plain.length);
    expect((await collect(imported.read(65536))).equals(plain.subarray(65536))).toBe(true);
    await imported.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a ticket that is never imported is dropped, file and key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const writer = await createSpool(dir);
    await writer.write(Buffer.from('x'));
    const ticket = await (await writer.finish()).export();
    await dropSpoolTicket(ticket);
    expect(ticket.key.every((b) => b === 0)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    await expect(importSpool(ticket)).rejects.toThrow();
  });
});
