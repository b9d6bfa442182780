import { describe, expect, it } from 'vitest';
import { AssociationTypes } from '@hubspot/api-client';
import {
  callBodyHtml,
  callProperties,
  callToContactAssociation,
  CALL_TO_CONTACT_ASSOCIATION_TYPE_ID,
  contactDeepLink,
  contactProperties,
} from '../../../connectors/hubspot/mapping.ts';
import { call, lead } from '../../../testkit/sync-payloads.ts';

describe('contactProperties', () => {
  it('maps a lead with the default mapping and splits the name', () => {
    expect(contactProperties(lead({ name: 'Mary Ann Smith', email: ' Mary@Example.COM ' }))).toEqual({
      firstname: 'Mary Ann',
      lastname: 'Smith',
      email: 'mary@example.com',
      phone: '+15550000001',
      address: '12 Elm St, Springfield',
    });
  });

  it('leaves out empty values so an update never blanks HubSpot data', () => {
    const props = contactProperties(lead({ name: 'Cher', email: null, address: null }));
    expect(props).toEqual({ firstname: 'Cher', phone: '+15550000001' });
  });

  it('applies overrides: whole name to one property, extra fields, custom capture fields, switched-off fields', () => {
    const props = contactProperties(lead({ customFields: { gate_code: '4411', pets: 'dog' } }), {
      name: 'full_name',
      reason: 'message',
      'custom.gate_code': 'gate_code',
      address: '',
      urgency: 'priority_level',
    });
    expect(props).toEqual({
      full_name: 'Dana Scully',
      email: 'dana@example.com',
      phone: '+15550000001',
      message: 'Leaking water heater',
      priority_level: 'high',
      gate_code: '4411',
    });
  });

  it('does not let a custom field named like a standard field hijack its mapping', () => {
    const props = contactProperties(lead({ customFields: { email: 'other@example.com' } }));
    expect(props.email).toBe('dana@example.com');
  });
});

describe('callProperties', () => {
  it('maps direction, status, duration in ms, numbers, timestamp and recording', () => {
    const props = callProperties(
      call({ recordingUrl: 'https://leadline.test/rec/abc?sig=1', durationSeconds: 61.4 }),
      lead(),
    );
    expect(props).toMatchObject({
      hs_timestamp: '2026-03-09T14:55:00.000Z',
      hs_call_title: 'Call from Dana Scully',
      hs_call_direction: 'INBOUND',
      hs_call_status: 'COMPLETED',
      hs_call_duration: '61400',
      hs_call_from_number: '+15550000001',
      hs_call_to_number: '+15559990000',
      hs_call_recording_url: 'https://leadline.test/rec/abc?sig=1',
    });
  });

  it.each([
    ['busy', 'BUSY'],
    ['no-answer', 'NO_ANSWER'],
    ['failed', 'FAILED'],
    ['canceled', 'CANCELED'],
    ['voicemail', 'COMPLETED'],
  ] as const)('maps status %s to %s', (ours, theirs) => {
    expect(callProperties(call({ status: ours }), lead()).hs_call_status).toBe(theirs);
  });

  it('marks outbound calls and omits a missing recording', () => {
    const props = callProperties(call({ direction: 'outbound', recordingUrl: null, from: null }), lead({ name: null }));
    expect(props.hs_call_direction).toBe('OUTBOUND');
    expect(props.hs_call_title).toBe('Call to unknown caller');
    expect(props).not.toHaveProperty('hs_call_recording_url');
    expect(props).not.toHaveProperty('hs_call_from_number');
  });

  it('escapes transcript and summary HTML', () => {
    const html = callBodyHtml(call(), lead({ summary: 'Needs <script>alert(1)</script> & more' }));
    expect(html).toContain('Needs &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).toContain('<strong>Caller:</strong> My water heater is leaking &lt;badly&gt; &amp; I need help.');
    expect(html).toContain('<li><strong>Urgency:</strong> high</li>');
    expect(html).not.toContain('<script>');
  });

  it("keeps the body under HubSpot's property limit for very long transcripts", () => {
    const transcript = Array.from({ length: 5000 }, (_, i) => ({
      speaker: 'caller' as const,
      text: `sentence number ${i} with some words`,
    }));
    const html = callBodyHtml(call({ transcript }), lead());
    expect(html.length).toBeLessThanOrEqual(65_536);
    expect(html.endsWith('<br>…</p>')).toBe(true);
  });
});

describe('associations and links', () => {
  it('uses the HubSpot-defined call→contact type 194, as the SDK names it', () => {
    expect(CALL_TO_CONTACT_ASSOCIATION_TYPE_ID).toBe(AssociationTypes.callToContact);
    expect(callToContactAssociation('77')).toEqual({
      to: { id: '77' },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }],
    });
  });

  it('builds the contact record link on the configured app host', () => {
    expect(contactDeepLink('https://app-eu1.hubspot.com/', '999', '42')).toBe(
      'https://app-eu1.hubspot.com/contacts/999/record/0-1/42',
    );
  });
});
