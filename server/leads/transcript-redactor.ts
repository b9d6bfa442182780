/**
 * The conversation-aware side of redaction: agent questions give the caller's answers their context, and
 * a number read out over several turns is recognised (and earlier turns rewritten) once it is complete.
 * The per-text rules are in redact.ts.
 */
import type { TranscriptTurn } from './lead.schema.ts';
import { findDigitRuns, luhnValid, type DigitRun } from './extract/offline/numbers.ts';
import {
  applySpans,
  ASK_CVV,
  ASK_EXPIRY,
  CARD_WORDS,
  findSpans,
  isDictation,
  looseRuns,
  NO_CONTEXT,
  PAYMENT_WORDS,
  SSN_WORDS,
  type Context,
  type Kind,
  type Span,
} from './redact.ts';

/** What an agent turn asks for, or null when it asks for nothing sensitive. */
function agentAsks(text: string): Partial<Context> | null {
  const asks: Partial<Context> = {};
  if (ASK_CVV.test(text)) asks.cvv = true;
  if (ASK_EXPIRY.test(text)) asks.expiry = true;
  if (SSN_WORDS.test(text)) asks.ssn = true;
  if (
    !asks.cvv &&
    !asks.expiry &&
    CARD_WORDS.test(text) &&
    /\b(number|digits|card|details|read|go ahead)\b/i.test(text)
  ) {
    asks.cardNumber = true;
  }
  return Object.keys(asks).length > 0 ? asks : null;
}

/** "Okay", "got it, go on": the agent is letting the caller finish, so the caller's context carries on. */
function isAcknowledgement(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length <= 8 && !/\b(name|address|email|phone|when|what time)\b/i.test(text);
}

const TOPIC_WINDOW = 6;
/** How many turns back a card or SSN read out in pieces is looked for. */
const SEQUENCE_TURNS = 8;

/** A caller turn of dictated digits, kept raw until the number it may belong to is settled. */
interface Piece<K> {
  key: K;
  index: number;
  text: string;
  spans: Span[];
  runs: DigitRun[];
}

export interface RedactedTurn<K> {
  key: K;
  text: string;
  redactions: number;
}

/**
 * The conversation-aware redactor, one turn at a time: the post-call pass runs a whole transcript through
 * it, a live call feeds it each segment as it completes. Each agent question is context for the caller's
 * answers. A number read out in pieces may only be recognisable once enough pieces are in, so a turn can
 * change earlier ones: `push` returns those (by the key they were pushed with) beside the turn itself.
 * Raw text is held only for the last few dictated caller turns.
 */
export class TranscriptRedactor<K = number> {
  private ctx: Context = { ...NO_CONTEXT };
  private turns = 0;
  private lastCardTopic = -Infinity;
  private lastSsnTopic = -Infinity;
  private pieces: Piece<K>[] = [];

  push(turn: TranscriptTurn, key: K): { text: string; redactions: number; revised: RedactedTurn<K>[] } {
    const i = this.turns++;
    const { text } = turn;
    if (CARD_WORDS.test(text) || PAYMENT_WORDS.test(text)) this.lastCardTopic = i;
    if (SSN_WORDS.test(text)) this.lastSsnTopic = i;
    const cardTopic = i - this.lastCardTopic <= TOPIC_WINDOW;
    const caller = turn.speaker === 'caller';
    if (!caller) {
      const asks = agentAsks(text);
      if (asks || !isAcknowledgement(text)) {
        // The agent moved on (or asks for something new): what the caller read out so far is finished.
        this.ctx = { ...NO_CONTEXT, ...asks };
        this.pieces = [];
      }
    }
    const effective: Context = caller ? { ...this.ctx, cardTopic, dictation: true } : { ...NO_CONTEXT, cardTopic };
    const spans = findSpans(text, effective);
    const revised = caller ? this.settle({ key, index: i, text, spans, runs: [] }, effective) : [];
    if (spans.some((s) => s.kind === 'card')) {
      this.lastCardTopic = i;
      // A caller who starts reading a card keeps reading it in the next turn; the same for a social.
      if (caller) this.ctx = { ...this.ctx, cardNumber: true };
    }
    if (caller && spans.some((s) => s.kind === 'ssn')) this.ctx = { ...this.ctx, ssn: true };
    return { text: applySpans(text, spans), redactions: spans.length, revised };
  }

  /** Adds a caller turn to the dictation window; when the window now holds a whole card or SSN, redacts all of it. */
  private settle(turn: Piece<K>, ctx: Context): RedactedTurn<K>[] {
    turn.runs = looseRuns(turn.text, findDigitRuns(turn.text));
    if (!turn.runs.length) return []; // "hold on, let me find it" does not end a dictation
    if (!isDictation(turn.text, turn.runs)) {
      this.pieces = [];
      return [];
    }
    this.pieces = [...this.pieces.filter((p) => turn.index - p.index <= SEQUENCE_TURNS), turn];
    const ssnTopic = ctx.ssn || turn.index - this.lastSsnTopic <= SEQUENCE_TURNS;
    for (let from = 0; from < this.pieces.length - 1; from++) {
      const seq = this.pieces.slice(from);
      const digits = seq.flatMap((p) => p.runs.map((r) => r.digits)).join('');
      const n = digits.length;
      // Luhn as well as the topic: a phone number and a zip read out in a row are 15 digits too.
      const kind: Kind | null =
        n === 9 && ssnTopic
          ? 'ssn'
          : n >= 13 && n <= 19 && (ctx.cardTopic || ctx.cardNumber) && luhnValid(digits)
            ? 'card'
            : null;
      if (!kind) continue;
      this.pieces = [];
      const revised: RedactedTurn<K>[] = [];
      for (const p of seq) {
        const missing = p.runs.filter((r) => !p.spans.some((s) => r.start < s.end && r.end > s.start));
        if (!missing.length) continue;
        p.spans.push(...missing.map((r) => ({ start: r.start, end: r.end, kind })));
        p.spans.sort((a, b) => a.start - b.start);
        if (p !== turn) revised.push({ key: p.key, text: applySpans(p.text, p.spans), redactions: p.spans.length });
      }
      return revised;
    }
    return [];
  }
}

/** Redacts a whole transcript (the post-call pass): the same rules, turn by turn, as on the live call. */
export function redactTranscript(turns: TranscriptTurn[]): { turns: TranscriptTurn[]; redactions: number } {
  const redactor = new TranscriptRedactor<number>();
  const out = turns.map((t) => ({ ...t }));
  const counts = turns.map(() => 0);
  turns.forEach((turn, i) => {
    const r = redactor.push(turn, i);
    for (const v of [{ ...r, key: i }, ...r.revised]) {
      out[v.key]!.text = v.text;
      counts[v.key] = v.redactions;
    }
  });
  return { turns: out, redactions: counts.reduce((a, b) => a + b, 0) };
}
