import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhone, maskValue } from './index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('log', () => {
  it.each([
    ['+8613812345678', '+8613*******78'],
    ['13812345678', '1381*****78'],
    ['+14155550123', '+1415*****23'],
    ['1234', '****'],
  ])('maskPhone › %s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('maskValue › masks phone keys, personal fields and numbers in free text; keeps ids', () => {
    const attemptId = '5f0c1e8a-1234-4567-8901-123456789012';
    const masked = maskValue({
      callee: '+8613812345678',
      attemptId,
      contact: { name: 'Zhang San', fields: { amount: '120.50' }, phone: '+8613812345678' },
      note: 'dialing 013812345678 now',
      nested: { caller_id: '+861087654321' },
    });
    expect(masked).toEqual({
      callee: '+8613*******78',
      attemptId,
      contact: { name: 'Z***', fields: { amount: '1***' }, phone: '+8613*******78' },
      note: 'dialing 0138******78 now',
      nested: { caller_id: '+8610******21' },
    });
  });

  it('logger › a call log line never holds a full phone number', async () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'test', destination });
    const callLog = log.child({ tenantId: 't1', attemptId: 'a1', callee: '+8613812345678' });
    callLog.info({ destination: '8613812345678', fields: { name: 'Li Si' } }, 'originate +8613812345678');
    callLog.error({ err: new Error('gateway refused 13812345678') }, 'failed');
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join('\n');
    expect(lines).toHaveLength(2);
    expect(text).not.toMatch(/13812345678/);
    expect(text).not.toContain('Li Si');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ service: 'test', tenantId: 't1', attemptId: 'a1', callee: '+8613*******78', msg: 'originate +8613*******78' });
  });
});
