/**
 * Runs the model's function calls for one call: parses arguments, calls `onToolCall`, answers with a
 * `function_call_output`, and decides (through ToolTurns) when the model may continue. Knows nothing of
 * sockets: the call relay supplies how to send and what a transfer or the end of the call means.
 */
import { ToolTurns } from './tool-turns.ts';
import type { ToolAction, ToolCallResult } from './types.ts';

export interface ToolRunnerHooks {
  /** deps.onToolCall for this call. */
  run(name: string, args: unknown): Promise<ToolCallResult>;
  sendOutput(callId: string, output: unknown): void;
  /** Ask the model for the next response (`response.create`). */
  continueResponse(): void;
  /** onToolCall answered `transfer`: it has redirected the call; end the relay. */
  transfer(): void;
  /** The call is ending: drop late results. */
  isEnding(): boolean;
  logFailure(name: string, err: unknown): void;
}

/** JSON.parse's message quotes the text, and the model's arguments can carry what the caller said. */
function parseArgs(argsText: string): unknown {
  try {
    return JSON.parse(argsText || '{}');
  } catch {
    throw new Error('arguments are not valid JSON');
  }
}

const TOOL_FAILED = { error: 'The tool is not available right now. Offer to take a message instead.' };

export class ToolRunner {
  /** A tool asked to hang up once the next response (the goodbye) has played. */
  hangupRequested = false;
  transferRequested = false;
  private readonly turns = new ToolTurns();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly hooks: ToolRunnerHooks;

  constructor(hooks: ToolRunnerHooks) {
    this.hooks = hooks;
  }

  /** A function call seen in `function_call_arguments.done` or `response.done`; duplicates are ignored. */
  dispatch(responseId: string, callId: string, name: string, argsText: string): boolean {
    if (!this.turns.begin(responseId, callId)) return false;
    const job = this.execute(responseId, callId, name, argsText);
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return true;
  }

  /** The response with id `responseId` is done. */
  responseDone(responseId: string): void {
    if (this.turns.responseDone(responseId)) this.hooks.continueResponse();
  }

  get running(): number {
    return this.inFlight.size;
  }

  /** Resolves when every running tool call has finished, or after `maxMs`. */
  async settle(maxMs: number): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise<void>((r) => (timer = setTimeout(r, maxMs))),
    ]);
    clearTimeout(timer);
  }

  private async execute(responseId: string, callId: string, name: string, argsText: string): Promise<void> {
    let result: ToolCallResult;
    try {
      result = await this.hooks.run(name, parseArgs(argsText));
    } catch (err) {
      this.hooks.logFailure(name, err);
      result = { output: TOOL_FAILED };
    }
    // end_call means "hang up after the goodbye" even when onToolCall does not say so.
    const action: ToolAction | undefined = result.action ?? (name === 'end_call' ? 'hangup_after_playback' : undefined);
    if (action === 'transfer') {
      this.transferRequested = true;
      this.hooks.transfer();
      return;
    }
    if (this.hooks.isEnding()) return;
    if (action === 'hangup_after_playback') this.hangupRequested = true;
    this.hooks.sendOutput(callId, result.output);
    if (this.turns.answered(responseId)) this.hooks.continueResponse();
  }
}
