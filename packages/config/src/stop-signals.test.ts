import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleStopSignals } from './stop-signals.js';

function rig() {
  const signals = new EventEmitter();
  const logged: string[] = [];
  const exits: number[] = [];
  let exited: () => void = () => undefined;
  const exitedOnce = new Promise<void>((resolve) => (exited = resolve));
  const whenStarted = handleStopSignals({
    log: { info: (_fields, message) => logged.push(message), flush: () => logged.push('flush') },
    signals,
    exit: (code) => {
      exits.push(code);
      exited();
    },
  });
  return { signals, logged, exits, exitedOnce, whenStarted };
}

describe('handleStopSignals', () => {
  it('stop signals › a SIGTERM after start-up drains once and exits 0 when everything finished', async () => {
    const { signals, logged, exits, exitedOnce, whenStarted } = rig();
    let drains = 0;
    whenStarted(async () => {
      drains += 1;
      await Promise.resolve();
      return true;
    });
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    await exitedOnce;
    expect({ drains, exits, logged }).toEqual({ drains: 1, exits: [0], logged: ['draining', 'stopped', 'flush'] });
  });

  it('stop signals › a signal during start-up is honoured as soon as the service has started', async () => {
    const { signals, exits, exitedOnce, whenStarted } = rig();
    signals.emit('SIGINT');
    expect(exits).toEqual([]);
    whenStarted(() => Promise.resolve(true));
    await exitedOnce;
    expect(exits).toEqual([0]);
  });

  it('stop signals › a drain that cut calls off or failed exits 1', async () => {
    const cut = rig();
    cut.whenStarted(() => Promise.resolve(false));
    cut.signals.emit('SIGTERM');
    await cut.exitedOnce;
    const failed = rig();
    failed.whenStarted(() => Promise.reject(new Error('database gone')));
    failed.signals.emit('SIGTERM');
    await failed.exitedOnce;
    expect([cut.exits, failed.exits]).toEqual([[1], [1]]);
  });
});
