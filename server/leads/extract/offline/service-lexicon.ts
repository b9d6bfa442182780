/**
 * Everyday ways of saying what a word in a service name means, for the trades Leadline serves. Keyed by a
 * word as it appears in a business's own service names (any business may use it); a word not listed still
 * matches itself, its inflections and its derived forms ("photographer" ~ "photography").
 * Single words match by stem; phrases match as whole words.
 */
import { HOME_REPAIR_LEXICON } from './service-lexicon-home-repair.ts';
import { HOME_SERVICES_LEXICON } from './service-lexicon-home-services.ts';
import { PROFESSIONAL_LEXICON } from './service-lexicon-professional.ts';

export const LEXICON: Record<string, string[]> = {
  ...HOME_REPAIR_LEXICON,
  ...HOME_SERVICES_LEXICON,
  ...PROFESSIONAL_LEXICON,
  // general
  emergency: ['emergency', 'urgent', 'asap', 'right now', 'right away'],
};
