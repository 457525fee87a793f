// Reads the `x-codeSamples` of every operation from the bundled spec (generated/openapi.json via
// src/spec), so the sample tests check exactly what the published docs show.
import { operations, spec } from '../../src/spec/index.js';

/** One code sample of one operation, as Redoc renders it. */
export interface CodeSample {
  operationId: string;
  /** The `lang` of the sample, e.g. `curl` or `TypeScript`. */
  lang: string;
  source: string;
}

/** Every `x-codeSamples` entry of every operation, in document order. */
export function codeSamples(): CodeSample[] {
  const paths = spec.paths as Record<string, Record<string, { 'x-codeSamples'?: unknown }>>;
  return operations.flatMap((op) => {
    const raw = paths[op.path]?.[op.method.toLowerCase()]?.['x-codeSamples'];
    const list = Array.isArray(raw) ? (raw as { lang?: unknown; source?: unknown }[]) : [];
    return list.map((sample) => ({
      operationId: op.operationId,
      lang: String(sample.lang),
      source: String(sample.source),
    }));
  });
}

/** The spec's server URLs (the samples address one of them). */
export function serverUrls(): string[] {
  return ((spec.servers as { url: string }[] | undefined) ?? []).map((server) => server.url);
}
