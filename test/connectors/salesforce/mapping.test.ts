import { describe, expect, it } from 'vitest';
import {
  callToTask,
  effectiveFieldMapping,
  leadDeepLink,
  leadToSObject,
  leadUpdateFields,
  localDate,
  NOT_PROVIDED,
} from '../../../connectors/salesforce/mapping.ts';
import {
  buildMatchQuery,
  duplicateMatchIds,
  groupSamePerson,
  normalizePhone,
  phoneVariants,
  pickMatches,
  soqlString,
} from '../../../connectors/salesforce/matching.ts';
import { business, call, lead } from '../../../testkit/salesforce-records.ts';

describe('lead → Lead sObject', () => {
  it('maps the standard fields', () => {
    const rec = leadToSObject(lead(), {});
    expect(rec).toMatchObject({
      FirstName: 'Maria Elena',
      LastName: 'Ruiz',
      Company: NOT_PROVIDED,
      Phone: '+14155550123',
      Email: 'maria@example.com',
      Street: '500 Castro St, San Francisco',
      Rating: 'Hot',
      LeadSource: 'Phone Inquiry',
    });
    expect(String(rec.Description)).toContain('Caller hears banging');
    expect(String(rec.Description)).toContain('Service: Furnace repair');
    expect(String(rec.Description)).toContain('Preferred time: 2026-03-10T14:00:00-08:00');
  });

  it('puts a one-word name into the required LastName and falls back to the phone without a name', () => {
    expect(leadToSObject(lead({ name: 'Cher' }), {})).toMatchObject({ FirstName: null, LastName: 'Cher' });
    expect(leadToSObject(lead({ name: null }), {})).toMatchObject({ FirstName: null, LastName: '+14155550123' });
    expect(leadToSObject(lead({ name: '  ', phone: null, email: null }), {}).LastName).toBe(NOT_PROVIDED);
  });

  it('takes Company from a captured company, then the connection default, then the placeholder', () => {
    expect(
      leadToSObject(lead({ customFields: { company: 'Ruiz Bakery' } }), { defaultCompany: 'Homeowner' }).Company,
    ).toBe('Ruiz Bakery');
    expect(leadToSObject(lead(), { defaultCompany: 'Homeowner' }).Company).toBe('Homeowner');
    expect(leadToSObject(lead(), { defaultCompany: '  ' }).Company).toBe(NOT_PROVIDED);
  });

  it('applies mapping overrides for capture fields and never lets them overwrite reserved fields', () => {
    const settings = { fieldMapping: { budget: 'Budget__c', urgency: 'Urgency__c', reason: 'LastName', address: '' } };
    const mapping = effectiveFieldMapping(settings);
    expect(mapping).toMatchObject({ budget: 'Budget__c', urgency: 'Urgency__c' });
    expect(mapping.reason).toBeUndefined();
    expect(mapping.address).toBeUndefined();
    const rec = leadToSObject(lead({ customFields: { budget: '$5k', pets: 'two dogs' } }), settings);
    expect(rec).toMatchObject({ Budget__c: '$5k', Urgency__c: 'high', LastName: 'Ruiz' });
    expect(rec.Street).toBeUndefined();
    // Mapped values leave the description; unmapped capture fields stay in it.
    expect(String(rec.Description)).not.toContain('Urgency:');
    expect(String(rec.Description)).toContain('pets: two dogs');
    expect(String(rec.Description)).not.toContain('budget');
  });

  it('cuts values to the Salesforce field lengths', () => {
    const rec = leadToSObject(lead({ name: `${'A'.repeat(60)} ${'B'.repeat(100)}`, summary: 'x'.repeat(40_000) }), {});
    expect(String(rec.FirstName)).toHaveLength(40);
    expect(String(rec.LastName)).toHaveLength(80);
    expect(String(rec.Description).length).toBeLessThanOrEqual(32_000);
  });

  it('leaves LeadSource alone on updates', () => {
    expect(leadUpdateFields(lead(), {})).not.toHaveProperty('LeadSource');
  });
});

describe('call → Task', () => {
  it('builds a completed inbound call Task linked to the Lead', () => {
    const task = callToTask(call(), lead(), business, '00Q000000000001AAA');
    expect(task).toMatchObject({
      WhoId: '00Q000000000001AAA',
      Subject: 'Inbound call — Furnace repair',
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: 187,
      Status: 'Completed',
      Priority: 'High',
      // 06:30 UTC is still the 9th in Los Angeles.
      ActivityDate: '2026-03-09',
    });
    expect(String(task.Description)).toContain('Caller: My furnace bangs every time it starts. Call me at [PHONE].');
    expect(String(task.Description)).toContain('Agent: Bay Heating, how can I help?');
  });

  it('marks outbound calls and includes the recording link', () => {
    const task = callToTask(
      call({ direction: 'outbound', recordingUrl: 'https://leadline.test/r/abc' }),
      lead({ urgency: 'low', service: null, reason: null }),
      business,
      'x',
    );
    expect(task).toMatchObject({ CallType: 'Outbound', Subject: 'Outbound call', Priority: 'Normal' });
    expect(String(task.Description)).toContain('Recording: https://leadline.test/r/abc');
  });

  it('falls back to UTC for an unknown time zone', () => {
    expect(localDate('2026-03-10T06:30:00Z', 'Not/AZone')).toBe('2026-03-10');
  });

  it('links to the Lead in Lightning', () => {
    expect(leadDeepLink('https://acme.my.salesforce.com/', '00Q1')).toBe(
      'https://acme.my.salesforce.com/lightning/r/Lead/00Q1/view',
    );
  });
});

describe('matching', () => {
  it('escapes SOQL string literals so a value cannot end the literal', () => {
    expect(soqlString("o'brien@example.com")).toBe("'o\\'brien@example.com'");
    expect(soqlString('a\\b"c\nd')).toBe("'a\\\\b\\\"c\\nd'");
    const q = buildMatchQuery([lead({ email: "x' OR Name != '", phone: null })])!;
    expect(q).toContain("Email IN ('x\\' or name != \\'')"); // e-mails are compared lowercased
  });

  it('asks for every usual spelling of a phone number', () => {
    expect(phoneVariants('+14155550123')).toEqual(
      expect.arrayContaining(['+14155550123', '(415) 555-0123', '+1 415 555 0123', '4155550123', '415-555-0123']),
    );
    expect(normalizePhone('(415) 555-0123', '+14155550123')).toBe('+14155550123');
    expect(normalizePhone('020 7183 8750', '+442071838750')).toBe('+442071838750');
  });

  it('builds one query for the batch and none when there is nothing to match', () => {
    const q = buildMatchQuery([lead(), lead({ id: 'lead-2', email: 'MARIA@example.com', phone: '+14155550999' })])!;
    expect(q.match(/maria@example.com/g)).toHaveLength(1);
    expect(q).toContain('IsConverted = false');
    expect(q).toContain("'+14155550999'");
    expect(buildMatchQuery([lead({ phone: null, email: null })])).toBeNull();
  });

  it('prefers an e-mail match, then a phone match in any spelling', () => {
    const rows = [
      { Id: '00Q00000000000PHONE', Email: null, Phone: '(415) 555-0123' },
      { Id: '00Q00000000000EMAIL', Email: 'Maria@Example.com', Phone: null },
    ];
    expect(pickMatches([lead()], rows).get('lead-1')).toBe('00Q00000000000EMAIL');
    expect(pickMatches([lead({ email: null })], rows).get('lead-1')).toBe('00Q00000000000PHONE');
    expect(pickMatches([lead({ email: null, phone: '+14155550000' })], rows).size).toBe(0);
  });

  it('groups leads of the same person within a batch', () => {
    const groups = groupSamePerson([
      lead({ id: 'a', phone: '+14155550001', email: null }),
      lead({ id: 'b', phone: '+14155550002', email: 'b@example.com' }),
      lead({ id: 'c', phone: '+14155550001', email: 'c@example.com' }),
      lead({ id: 'd', phone: null, email: 'B@example.com' }),
    ]);
    expect(Object.fromEntries(groups)).toEqual({ a: 'a', b: 'b', c: 'a', d: 'b' });
  });

  it('reads duplicate matches in both spellings and ignores non-Lead matches', () => {
    const result = (key: string, type = 'Lead') => ({
      [key]: { matchResults: [{ entityType: type, matchRecords: [{ record: { Id: '00Q9' } }] }] },
    });
    expect(duplicateMatchIds(result('duplicateResut'))).toEqual(['00Q9']);
    expect(duplicateMatchIds({ data: result('duplicateResult') })).toEqual(['00Q9']);
    expect(duplicateMatchIds(result('duplicateResult', 'Contact'))).toEqual([]);
    expect(
      duplicateMatchIds({ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] }),
    ).toEqual([]);
  });
});
