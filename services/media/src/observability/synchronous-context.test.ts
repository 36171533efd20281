import { ROOT_CONTEXT, context, createContextKey, trace, type SpanContext } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynchronousContextManager } from './synchronous-context.js';

const key = createContextKey('test key');
const withValue = (value: string) => ROOT_CONTEXT.setValue(key, value);

describe('synchronous context manager', () => {
  const manager = new SynchronousContextManager().enable();

  it('with › the context is active inside, the previous one again after, also when the function throws', () => {
    expect(manager.active()).toBe(ROOT_CONTEXT);
    expect(manager.with(withValue('a'), () => manager.active().getValue(key))).toBe('a');
    expect(manager.active()).toBe(ROOT_CONTEXT);
    expect(() => manager.with(withValue('b'), () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('with › nested calls see the innermost context and restore each outer one', () => {
    const seen = manager.with(withValue('outer'), () => [
      manager.active().getValue(key),
      manager.with(withValue('inner'), () => manager.active().getValue(key)),
      manager.active().getValue(key),
    ]);
    expect(seen).toEqual(['outer', 'inner', 'outer']);
  });

  it('with › passes this and the arguments through', () => {
    const target = { base: 10, add(this: { base: number }, a: number, b: number) { return this.base + a + b; } };
    expect(manager.with(ROOT_CONTEXT, target.add, target, 1, 2)).toBe(13);
  });

  it('with › the context does not follow an await: only the synchronous part of the function sees it', async () => {
    const seen: unknown[] = [];
    await manager.with(withValue('sync'), async () => {
      seen.push(manager.active().getValue(key));
      await Promise.resolve();
      seen.push(manager.active().getValue(key));
    });
    expect(seen).toEqual(['sync', undefined]);
  });

  it('bind › a bound function runs in the bound context whenever it is called', () => {
    const bound = manager.bind(withValue('bound'), (suffix: string) => `${String(manager.active().getValue(key))}${suffix}`);
    expect(bound('!')).toBe('bound!');
    expect(manager.active()).toBe(ROOT_CONTEXT);
    expect(manager.bind(withValue('x'), 42)).toBe(42);
  });
});

describe('synchronous context manager › as the global one', () => {
  beforeAll(() => {
    context.disable();
    context.setGlobalContextManager(new SynchronousContextManager().enable());
  });
  afterAll(() => {
    context.disable();
  });

  it('a span context set by context.with is what trace.getSpanContext(context.active()) reads before an await', () => {
    const spanContext: SpanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    const read = context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () => trace.getSpanContext(context.active()));
    expect(read).toEqual(spanContext);
    expect(trace.getSpanContext(context.active())).toBeUndefined();
  });
});
