/**
 * A business's escalation rules as the call path reads them (pure): keywords that make the assistant
 * hand the caller to a person at once, and whether transfers happen only during opening hours (the
 * default, and what a business that never set the rule gets).
 */
export interface EscalationRules {
  keywords: string[];
  transferDuringHoursOnly: boolean;
}

export function escalationRulesOf(stored: unknown): EscalationRules {
  const r = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const keywords = Array.isArray(r.keywords)
    ? r.keywords.filter((k): k is string => typeof k === 'string' && k.trim() !== '').map((k) => k.trim())
    : [];
  return { keywords, transferDuringHoursOnly: r.transferDuringHoursOnly !== false };
}
