import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import {
  AppError,
  DeadlineExceededError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  fieldViolationsOf,
  fromGrpcError,
  toGrpcError,
  withDeadline,
} from './index.js';

describe('errors', () => {
  it.each([
    [new ValidationError([{ field: 'name', message: 'is required' }]), status.INVALID_ARGUMENT, 'name: is required'],
    [new NotFoundError('campaign', 'c1'), status.NOT_FOUND, 'campaign "c1" not found'],
    [new UnavailableError('postgres', 'connection refused'), status.UNAVAILABLE, 'postgres: connection refused'],
  ])('toGrpcError › %s maps to status %i', (error, expected, message) => {
    const grpcError = toGrpcError(error);
    expect(grpcError.code).toBe(expected);
    expect(grpcError.details).toBe(message);
  });

  it('toGrpcError › an unknown error becomes INTERNAL and leaks nothing', () => {
    const grpcError = toGrpcError(new Error('relation "tenant_secret" does not exist'));
    expect(grpcError.code).toBe(status.INTERNAL);
    expect(grpcError.details).toBe('internal error');
  });

  it('toGrpcError › validation violations travel as metadata, any Unicode included, retryability too', () => {
    const grpcError = toGrpcError(new ValidationError([{ field: 'a', message: 'x' }, { field: 'windows[1]', message: 'overlaps window [0] (09:00–12:00), 名字' }]));
    expect(fieldViolationsOf(grpcError.metadata)).toEqual(['a: x', 'windows[1]: overlaps window [0] (09:00–12:00), 名字']);
    expect(toGrpcError(new UnavailableError('nats', 'down')).metadata.get('ringpace-retryable')).toEqual(['true']);
  });

  it('fromGrpcError › round-trips code, message and retryability', () => {
    const wire = toGrpcError(new UnavailableError('nats', 'down'));
    const back = fromGrpcError({ ...wire, name: 'Error', message: wire.details });
    expect(back).toBeInstanceOf(AppError);
    expect(back.code).toBe('UNAVAILABLE');
    expect(back.retryable).toBe(true);
    expect(back.message).toBe('nats: down');
  });

  it('AppError › keeps its cause', () => {
    const cause = new Error('socket hang up');
    expect(new UnavailableError('esl', 'lost', { cause }).cause).toBe(cause);
  });

  it('withDeadline › rejects with DeadlineExceededError and aborts the work', async () => {
    let aborted = false;
    const work = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => { aborted = true; });
        setTimeout(() => resolve('late'), 1_000).unref();
      });
    await expect(withDeadline('slow op', 20, work)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(aborted).toBe(true);
  });

  it('withDeadline › returns the result when in time', async () => {
    await expect(withDeadline('fast op', 1_000, () => Promise.resolve(42))).resolves.toBe(42);
  });
});
