import { describe, expect, it } from 'vitest';
import { EventFormat, makeEvent, type EslEvent } from '../decode/esl-event.js';
import { EventHeaders } from '../decode/event-headers.js';
import { EslTimeoutError } from '../errors.js';
import { JobRegistry } from './job-registry.js';

function jobResult(jobUuid: string, body: string): EslEvent {
  const event = makeEvent(EventFormat.Plain, EventHeaders.fromRecord({ 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': jobUuid, 'Job-Command': 'status' }), body);
  if (event === undefined || !('uniqueId' in event)) throw new Error('not an event');
  return event;
}

describe('job registry', () => {
  it('a result settles the job waited for under its Job-UUID', async () => {
    const jobs = new JobRegistry();
    const result = jobs.wait('ours');
    expect(jobs.settle(jobResult('ours', '+OK done\n'))).toBe(true);
    await expect(result).resolves.toMatchObject({ ok: true, value: 'done' });
  });

  it('a result that overtakes the reply naming the server’s Job-UUID is delivered once the rename follows', async () => {
    const jobs = new JobRegistry();
    const result = jobs.wait('ours');
    expect(jobs.settle(jobResult('theirs', '+OK early\n'))).toBe(false);
    jobs.rename('ours', 'theirs');
    await expect(result).resolves.toMatchObject({ ok: true, jobUuid: 'theirs', value: 'early' });
  });

  it('a result that came while no job was waited for is not kept for a later rename', async () => {
    const jobs = new JobRegistry();
    expect(jobs.settle(jobResult('theirs', '+OK stale\n'))).toBe(false);
    const result = jobs.wait('ours');
    jobs.rename('ours', 'theirs');
    const outcome = await Promise.race([result.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 20))]);
    expect(outcome).toBe('still waiting');
    jobs.cancel('theirs', new EslTimeoutError('bgapi status', 20));
    await expect(result).rejects.toBeInstanceOf(EslTimeoutError);
  });
});
