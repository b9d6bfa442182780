/**
 * The HubSpot stand-in's property catalogue: HubSpot's own contact properties, the custom ones created through
 * POST /crm/v3/properties/{contacts|calls} (and which of them must be unique), and the checks every contact
 * write's properties pass.
 */
import { HttpError, propertyError, validation } from './hubspot-standin-parts.ts';
import type { StandinAccount } from './hubspot-standin-types.ts';

export type ObjectType = 'contacts' | 'calls';

const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobilephone',
  'address',
  'city',
  'zip',
  'company',
  'message',
  'lifecyclestage',
  'hs_lead_status',
  'jobtitle',
  'website',
];
const READ_ONLY = ['hs_object_id', 'createdate', 'lastmodifieddate'];

export type PropertyCatalogue = ReturnType<typeof propertyCatalogue>;

export function propertyCatalogue(extraProperties: string[] = []) {
  const known = new Set([...CONTACT_PROPERTIES, ...extraProperties]);
  /** Per object type: custom properties created through the API, and which of them must be unique. */
  const custom = {
    contacts: new Map<string, Record<string, unknown>>(),
    calls: new Map<string, Record<string, unknown>>(),
  };
  const now = () => new Date().toISOString();

  const uniqueOf = (type: ObjectType) =>
    [...custom[type]].filter(([, def]) => def.hasUniqueValue === true).map(([name]) => name);

  function checkContactProps(props: Record<string, unknown>, hubId: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(props)) {
      if (!known.has(name))
        throw propertyError(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`, hubId);
      if (READ_ONLY.includes(name))
        throw propertyError(
          name,
          'READ_ONLY_VALUE',
          `"${name}" is a read only property; its value cannot be set.`,
          hubId,
        );
      const v = String(value ?? '');
      if (name === 'email' && v && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v))
        throw propertyError(name, 'INVALID_EMAIL', `Email address ${v} is invalid`, hubId);
      out[name] = v;
    }
    return out;
  }

  function createProperty(type: ObjectType, account: StandinAccount, body: unknown): [number, unknown] {
    const b = body as {
      name?: string;
      label?: string;
      type?: string;
      fieldType?: string;
      groupName?: string;
      hasUniqueValue?: boolean;
    };
    if (account.scopes && !account.scopes.includes(`crm.schemas.${type}.write`)) {
      throw new HttpError(403, {
        message:
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        errors: [
          {
            message: 'One or more of the following scopes are required.',
            context: { requiredScopes: [`crm.schemas.${type}.write`] },
          },
        ],
        category: 'MISSING_SCOPES',
      });
    }
    if (!b.name || !b.label || !b.type || !b.fieldType || !b.groupName)
      throw validation('name, label, type, fieldType and groupName are required');
    if (custom[type].has(b.name) || (type === 'contacts' && known.has(b.name)))
      throw new HttpError(409, {
        message: `Property named '${b.name}' already exists.`,
        category: 'OBJECT_ALREADY_EXISTS',
      });
    custom[type].set(b.name, { ...b });
    if (type === 'contacts') known.add(b.name);
    return [
      201,
      { ...b, hasUniqueValue: b.hasUniqueValue === true, createdAt: now(), updatedAt: now(), archived: false },
    ];
  }

  /** GET /crm/v3/properties/contacts: HubSpot's own definitions, then the ones created here. */
  function listContactProperties(): [number, unknown] {
    const results = [...known, ...READ_ONLY]
      .filter((name) => !custom.contacts.has(name))
      .map((name) => ({
        name,
        label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        description: '',
        options: [],
        hidden: false,
        calculated: false,
        hubspotDefined: CONTACT_PROPERTIES.includes(name) || READ_ONLY.includes(name),
        modificationMetadata: {
          archivable: false,
          readOnlyDefinition: true,
          readOnlyValue: READ_ONLY.includes(name),
        },
      }));
    const created = [...custom.contacts.values()].map((p) => ({
      ...p,
      description: '',
      options: [],
      hidden: false,
      calculated: false,
      hubspotDefined: false,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    }));
    return [200, { results: [...results, ...created] }];
  }

  return { known, uniqueOf, checkContactProps, createProperty, listContactProperties };
}
