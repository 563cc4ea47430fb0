import type { JsonObject } from '../fn/types';

export function configFromEnv(envText: string): JsonObject | undefined;
