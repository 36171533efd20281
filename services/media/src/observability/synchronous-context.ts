// An OpenTelemetry context manager that keeps the active context for the synchronous extent of
// `context.with()` only. Media carries a call's trace context explicitly (the session keeps it, every
// call event holds it), and its one ambient read, the originate responder's, happens before the
// handler's first await. The SDK's AsyncLocalStorage manager would have every promise of the process
// pay for async_hooks bookkeeping (Node 20); under load that was about 15 % of media's CPU.
import { ROOT_CONTEXT, context, type Context, type ContextManager } from '@opentelemetry/api';

export class SynchronousContextManager implements ContextManager {
  private current: Context = ROOT_CONTEXT;

  active(): Context {
    return this.current;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    const previous = this.current;
    this.current = ctx;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.current = previous;
    }
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (thisArg: unknown, args: unknown[]): unknown => this.with(ctx, () => (target as (...params: unknown[]) => unknown).apply(thisArg, args));
    return function bound(this: unknown, ...args: unknown[]) {
      return run(this, args);
    } as T;
  }

  enable(): this {
    this.current = ROOT_CONTEXT;
    return this;
  }

  disable(): this {
    this.current = ROOT_CONTEXT;
    return this;
  }
}

/** Replaces the process's context manager (initTelemetry registers the AsyncLocalStorage one). */
export function useSynchronousContext(): void {
  context.disable();
  context.setGlobalContextManager(new SynchronousContextManager().enable());
}
