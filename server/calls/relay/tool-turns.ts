/**
 * When to ask the model to continue after function calls.
 *
 * A response that calls tools is still active when `response.function_call_arguments.done` arrives, and a
 * `response.create` sent before its `response.done` is rejected ("conversation already has an active
 * response"). So the relay answers each call as soon as its tool returns, and sends one `response.create`
 * once the originating response is done and every call it made has an output. Calls are recognised both
 * from `function_call_arguments.done` and from the `response.done` output items, deduplicated by call id.
 */
interface ResponseTools {
  pending: number;
  answered: number;
  done: boolean;
}

export class ToolTurns {
  private readonly seenCalls = new Set<string>();
  private readonly responses = new Map<string, ResponseTools>();

  private entry(responseId: string): ResponseTools {
    let entry = this.responses.get(responseId);
    if (!entry) {
      entry = { pending: 0, answered: 0, done: false };
      this.responses.set(responseId, entry);
    }
    return entry;
  }

  /** A function call was seen. True the first time for this call id: dispatch it. */
  begin(responseId: string, callId: string): boolean {
    if (this.seenCalls.has(callId)) return false;
    this.seenCalls.add(callId);
    this.entry(responseId).pending++;
    return true;
  }

  /** An output was sent for a call of this response. True when `response.create` should go out now. */
  answered(responseId: string): boolean {
    const entry = this.entry(responseId);
    entry.pending--;
    entry.answered++;
    return this.ready(responseId, entry);
  }

  /** `response.done` arrived. True when `response.create` should go out now. */
  responseDone(responseId: string): boolean {
    const entry = this.responses.get(responseId);
    if (!entry) return false; // no tool calls in it
    entry.done = true;
    return this.ready(responseId, entry);
  }

  private ready(responseId: string, entry: ResponseTools): boolean {
    if (!entry.done || entry.pending > 0 || entry.answered === 0) return false;
    this.responses.delete(responseId);
    return true;
  }
}
