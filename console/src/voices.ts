/**
 * The Realtime voices the server accepts (server/businesses/schema.ts VOICES), with how each sounds (OpenAI's
 * descriptions, shortened): one list for every page that picks a voice. The type comes from the generated
 * client, so a voice the server drops stops compiling here.
 */
import type { paths } from '../../client/generated/leadline-api.ts';

export type Voice = NonNullable<
  NonNullable<paths['/api/v1/businesses/{id}']['patch']['requestBody']>['content']['application/json']['voice']
>;

export const VOICES: [Voice, string][] = [
  ['marin', 'Marin: clear and natural'],
  ['cedar', 'Cedar: warm and natural'],
  ['alloy', 'Alloy: neutral, balanced'],
  ['ash', 'Ash: confident'],
  ['ballad', 'Ballad: gentle'],
  ['coral', 'Coral: friendly'],
  ['echo', 'Echo: steady'],
  ['sage', 'Sage: calm'],
  ['shimmer', 'Shimmer: bright'],
  ['verse', 'Verse: expressive'],
];
