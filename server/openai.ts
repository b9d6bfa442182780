import OpenAI from 'openai';
import type { Config } from './config.ts';

/**
 * The OpenAI REST client for lead extraction, built once per process (ctx.openai; the `extract` command
 * builds its own the same way). Null without a key: extraction then runs offline. The live relay opens
 * Realtime sockets with its own configuration (calls/relay).
 */
export function createOpenAI(config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>): OpenAI | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, maxRetries: 2, timeout: 30_000 });
}
