import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { describeFailure, fromServiceError, violationsOf } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { run } from './run.js';
import { fakeClient, fakeFactory, memoryIo } from './testing.js';

function serviceError(code: status, details: string, trailers: Record<string, string[]> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, values] of Object.entries(trailers)) for (const value of values) metadata.add(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

describe('exit codes', () => {
  it.each([
    [status.INVALID_ARGUMENT, ExitCode.InvalidArgument],
    [status.OUT_OF_RANGE, ExitCode.Internal],
    [status.NOT_FOUND, ExitCode.NotFound],
    [status.UNAUTHENTICATED, ExitCode.Unauthenticated],
    [status.PERMISSION_DENIED, ExitCode.Unauthenticated],
    [status.FAILED_PRECONDITION, ExitCode.FailedPrecondition],
    [status.ALREADY_EXISTS, ExitCode.FailedPrecondition],
    [status.UNAVAILABLE, ExitCode.Unavailable],
    [status.DEADLINE_EXCEEDED, ExitCode.Unavailable],
    [status.RESOURCE_EXHAUSTED, ExitCode.Unavailable],
    [status.INTERNAL, ExitCode.Internal],
    [status.UNKNOWN, ExitCode.Internal],
  ])('gRPC status %i → exit %i', (code, exitCode) => {
    expect(describeFailure(fromServiceError(serviceError(code, 'x'))).exitCode).toBe(exitCode);
    // The raw error (as thrown by a stream) maps the same way.
    expect(describeFailure(serviceError(code, 'x')).exitCode).toBe(exitCode);
  });

  it('a plain exception is internal (10)', () => {
    expect(describeFailure(new TypeError('boom'))).toMatchObject({ exitCode: ExitCode.Internal, message: 'boom' });
  });

  it('violations › read from the ringpace-field-violation trailer, one per value', () => {
    const error = serviceError(status.INVALID_ARGUMENT, 'bad', { 'ringpace-field-violation': ['schedule.monday.windows[0].end: "25:00" is not HH:MM', 'no field here'] });
    expect(violationsOf(error)).toEqual([
      { field: 'schedule.monday.windows[0].end', message: '"25:00" is not HH:MM' },
      { field: '', message: 'no field here' },
    ]);
    const mapped = fromServiceError(error);
    expect((mapped as ValidationError).violations[0]!.field).toBe('schedule.monday.windows[0].end');
    expect(mapped).toBeInstanceOf(ValidationError);
    expect((mapped as ValidationError).violations).toHaveLength(2);
  });

  it('violations › values that HTTP/2 joined with ", " are split again at each field path', () => {
    const error = serviceError(status.INVALID_ARGUMENT, 'bad', { 'ringpace-field-violation': ['caller_ids[0]: must be E.164, like +8610xxxxxxxx, flow_id: must be a UUID, schedule: has no calling window on any day'] });
    expect(violationsOf(error)).toEqual([
      { field: 'caller_ids[0]', message: 'must be E.164, like +8610xxxxxxxx' },
      { field: 'flow_id', message: 'must be a UUID' },
      { field: 'schedule', message: 'has no calling window on any day' },
    ]);
  });

  it('violations › the binary trailer carries messages that are not ASCII', () => {
    const metadata = new Metadata();
    metadata.add('ringpace-field-violation-bin', Buffer.from('schedule.monday.windows[1]: overlaps window [0] (09:00–12:00)', 'utf8'));
    const error = Object.assign(new Error('3 INVALID_ARGUMENT'), { code: status.INVALID_ARGUMENT, details: 'x', metadata });
    expect(violationsOf(error)).toEqual([{ field: 'schedule.monday.windows[1]', message: 'overlaps window [0] (09:00–12:00)' }]);
  });

  it('an unreachable server is named by its address', () => {
    const mapped = fromServiceError(serviceError(status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED. Resolution note: '), '10.0.0.1:50051');
    expect(mapped.message).toBe('ringpace server 10.0.0.1:50051: No connection established. Last error: connect ECONNREFUSED.');
    expect(mapped.retryable).toBe(true);
  });
});

describe('run › server errors become exit codes and readable lines', () => {
  it.each([
    [status.NOT_FOUND, 'campaign "c-9" not found', ExitCode.NotFound],
    [status.FAILED_PRECONDITION, 'campaign is completed: it changes no more', ExitCode.FailedPrecondition],
    [status.UNAUTHENTICATED, 'unknown or revoked API key', ExitCode.Unauthenticated],
    [status.DEADLINE_EXCEEDED, 'Deadline exceeded', ExitCode.Unavailable],
  ])('status %i prints "error: %s" and exits %i', async (code, details, exitCode) => {
    const io = memoryIo();
    const client = fakeClient({ getCampaign: () => Promise.reject(fromServiceError(serviceError(code, details))) });
    expect(await run(['campaigns', 'get', 'c-9'], io, fakeFactory(client))).toBe(exitCode);
    expect(io.err()).toBe(`error: ${details}\n`);
    expect(io.out()).toBe('');
  });

  it('field violations are printed one per line', async () => {
    const io = memoryIo();
    const error = serviceError(status.INVALID_ARGUMENT, 'x', { 'ringpace-field-violation': ['id: must be a UUID', 'state: is not a known campaign state'] });
    const client = fakeClient({ getCampaign: () => Promise.reject(fromServiceError(error)) });
    expect(await run(['campaigns', 'get', 'nope'], io, fakeFactory(client))).toBe(ExitCode.InvalidArgument);
    expect(io.err()).toBe('error: invalid argument\n  id: must be a UUID\n  state: is not a known campaign state\n');
  });

  it('with --json the error is also one JSON document on stdout', async () => {
    const io = memoryIo();
    const error = serviceError(status.INVALID_ARGUMENT, 'x', { 'ringpace-field-violation': ['id: must be a UUID'] });
    const client = fakeClient({ getCampaign: () => Promise.reject(fromServiceError(error)) });
    expect(await run(['campaigns', 'get', 'nope', '--json'], io, fakeFactory(client))).toBe(ExitCode.InvalidArgument);
    expect(JSON.parse(io.out())).toEqual({ error: { code: 'INVALID_ARGUMENT', message: 'invalid argument', exitCode: 2, violations: [{ field: 'id', message: 'must be a UUID' }] } });
  });

  it('a usage error with --json is a JSON document too', async () => {
    const io = memoryIo();
    expect(await run(['campaigns', 'get', '--json'], io, fakeFactory(fakeClient({})))).toBe(ExitCode.Usage);
    expect(JSON.parse(io.out())).toMatchObject({ error: { code: 'USAGE', exitCode: 1, message: 'missing ID' } });
  });

  it('a file that cannot be read exits 2 and names the file', async () => {
    const io = memoryIo();
    expect(await run(['campaigns', 'create', '-f', 'missing.yaml'], io, fakeFactory(fakeClient({})))).toBe(ExitCode.InvalidArgument);
    expect(io.err()).toBe('error: missing.yaml: cannot read (ENOENT)\n');
  });
});
