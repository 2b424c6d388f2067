import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';

export interface TracingOptions {
  serviceName: string;
  /** Export spans here instead of OTLP (tests use an in-memory exporter). */
  exporter?: SpanExporter;
}

/**
 * Starts OpenTelemetry tracing for http, express, pg and ioredis.
 *
 * Must run before those modules are first imported: instrumentation patches them
 * as they load (ESM through the import-in-the-middle hook registered here). Entry
 * points therefore start tracing first and import the app dynamically afterwards.
 * With no exporter given, the SDK reads the standard OTEL_* variables (OTLP).
 */
export function startTracing(opts: TracingOptions): { shutdown(): Promise<void> } {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const sdk = new NodeSDK({
    serviceName: opts.serviceName,
    ...(opts.exporter ? { spanProcessors: [new SimpleSpanProcessor({ exporter: opts.exporter })] } : {}),
    instrumentations: [
      new HttpInstrumentation(),
      new ExpressInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation({ dbStatementSerializer: (cmd) => cmd }),
    ],
  });
  sdk.start();
  let done: Promise<void> | undefined;
  return { shutdown: () => (done ??= sdk.shutdown()) };
}
