import { afterEach, describe, expect, it } from 'vitest';
import { TaskPool, workerModule } from './task-pool.ts';
import type { TestResult, TestTask } from './fixtures/test-worker.ts';

const module = workerModule(import.meta.url, './fixtures/test-worker');
const pools: Array<TaskPool<TestTask, TestResult, { offset: number } | undefined>> = [];
const pool = (size: number, init?: { offset: number }) => {
  const p = new TaskPool<TestTask, TestResult, { offset: number } | undefined>({ module, size, name: 'test worker', ...(init ? { init } : {}) });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('TaskPool', () => {
  it('runs every task once, hands each its init, and spreads tasks over the threads', async () => {
    const p = pool(2, { offset: 100 });
    const out = (await Promise.all(Array.from({ length: 20 }, (_, n) => p.run({ op: 'slow', n, ms: 20 })))) as Array<{ value: number; thread: number }>;
    expect(out.map((o) => o.value)).toEqual(Array.from({ length: 20 }, (_, n) => n + 100));
    expect(new Set(out.map((o) => o.thread)).size).toBe(2);
    expect(p.pending).toBe(0);
  });

  it('works without init', async () => {
    const p = pool(1);
    expect(await p.run({ op: 'add', n: 5 })).toMatchObject({ value: 5 });
  });

  it('fails only the task that threw, with its message, and keeps serving', async () => {
    const p = pool(1);
    const bad = p.run({ op: 'throw', message: 'bad input 42' });
    const good = p.run({ op: 'add', n: 1 });
    await expect(bad).rejects.toThrow(/test worker: bad input 42/);
    await expect(good).resolves.toMatchObject({ value: 1 });
    expect(p.size).toBe(1);
  });

  it('a thread that dies fails its own task; the others carry on; with none left, queued and new tasks fail', async () => {
    const p = pool(2);
    const dying = p.run({ op: 'exit' });
    const other = p.run({ op: 'slow', n: 2, ms: 50 });
    await expect(dying).rejects.toThrow(/test worker exited \(code 3\)/);
    await expect(other).resolves.toMatchObject({ value: 2 });
    expect(p.size).toBe(1);
    const last = p.run({ op: 'exit' });
    const queued = p.run({ op: 'add', n: 3 });
    await expect(last).rejects.toThrow(/exited/);
    await expect(queued).rejects.toThrow(/exited/);
    expect(p.size).toBe(0);
    await expect(p.run({ op: 'add', n: 4 })).rejects.toThrow(/no threads left/);
  });

  it('moves transferred buffers back instead of copying them', async () => {
    const p = pool(1);
    const b = (await p.run({ op: 'bytes', n: 1024 })) as Uint8Array;
    expect(b.length).toBe(1024);
    expect(b[1023]).toBe(7);
  });

  it('close rejects what is queued or running, and later tasks', async () => {
    const p = pool(1);
    const running = p.run({ op: 'slow', n: 1, ms: 500 });
    const queued = p.run({ op: 'add', n: 2 });
    const settled = Promise.allSettled([running, queued]);
    await p.close();
    const [a, b] = await settled;
    expect(a).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/closed/) } });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/closed/) } });
    await expect(p.run({ op: 'add', n: 3 })).rejects.toThrow(/closed/);
  });
});
