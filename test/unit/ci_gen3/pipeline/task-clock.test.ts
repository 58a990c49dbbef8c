import { describe, expect, it } from 'vitest';
import { startTaskClock, stopTaskClock, TaskClock, timeTask } from '../../../../ci_gen3/pipeline/task-clock.js';

describe('TaskClock', () => {
  it('busy time is the union of the intervals: overlapping units are not counted twice', () => {
    const c = new TaskClock();
    c.add(0, 1000);
    c.add(500, 1500); // overlaps the first
    c.add(3000, 3500);
    c.add(3100, 3200); // inside the third
    expect(c.busySeconds()).toBeCloseTo(2.0, 9);
    expect(c.count).toBe(4);
    expect(new TaskClock().busySeconds()).toBe(0);
  });

  it('busy time within a window clips the intervals to it (one stage share of the compute)', () => {
    const c = new TaskClock();
    c.add(0, 1000);
    c.add(500, 1500);
    c.add(3000, 3500);
    expect(c.busySecondsWithin(250, 3250)).toBeCloseTo(1.5, 9); // [250,1500) + [3000,3250)
    expect(c.busySecondsWithin(1500, 3000)).toBe(0);
    expect(c.busySecondsWithin(-Infinity, Infinity)).toBeCloseTo(c.busySeconds(), 9);
  });

  it('timeTask records only while a clock is started, and records a throwing task too', async () => {
    expect(await timeTask(() => 1)).toBe(1);
    const c = startTaskClock();
    await timeTask(async () => new Promise((r) => setTimeout(r, 30)));
    await expect(timeTask(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(stopTaskClock()).toBe(c);
    await timeTask(() => 2);
    expect(c.count).toBe(2);
    expect(c.busySeconds()).toBeGreaterThanOrEqual(0.025);
    expect(stopTaskClock()).toBeUndefined();
  });
});
