import { SpanStatusCode, context, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';

/**
 * Runs `fn` in a new active span (a child of `parent`, by default the active context) that
 * records a thrown error, marks itself failed and always ends; the error is thrown on.
 */
export function inSpan<T>(tracer: Tracer, name: string, options: SpanOptions, fn: (span: Span) => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
