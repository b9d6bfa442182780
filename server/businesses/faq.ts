/** A business's FAQ as the call path reads it (pure): well-formed entries only, whatever an old row holds. */
export interface FaqEntry {
  question: string;
  answer: string;
}

export function faqOf(stored: unknown): FaqEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((e: { question?: unknown; answer?: unknown } | null) =>
    e && typeof e.question === 'string' && typeof e.answer === 'string' && e.question.trim() && e.answer.trim()
      ? [{ question: e.question.trim(), answer: e.answer.trim() }]
      : [],
  );
}
