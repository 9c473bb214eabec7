import type { ApiErrorBody } from './dto.js';

/** Transports carry results in an envelope so a typed error survives serialisation. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };
