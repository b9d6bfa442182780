import type { ParseArgsConfig } from 'node:util';

/** One `leadline <name>` command; commands.ts lists them, each lives in the module of what it does. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}
