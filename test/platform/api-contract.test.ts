import { describe, expect, it } from 'vitest';
import { apiDocument } from '../../server/cli/api-client.ts';
import { checkAgainstDocument, type Document, operationsOf } from '../../testkit/api-client.ts';

const documented = operationsOf(apiDocument() as unknown as Document);
const documentedOperations = () => documented;

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('the OpenAPI document declares what every operation answers', () => {
  it('gives each operation a success response: a body with its schema, or no body (204, redirects)', () => {
    const undeclared: string[] = [];
    for (const [op, successes] of documentedOperations())
      for (const success of successes) {
        const bodiless = success.status === 204 || (success.status >= 300 && success.status < 400);
        if (bodiless ? success.mediaType !== undefined : success.schema === undefined)
          undeclared.push(`${op} ${success.status}`);
      }
    expect(undeclared).toEqual([]);
    expect(documentedOperations().size).toBeGreaterThan(90);
  });

  it('refuses a response that does not match the document (what the test clients check on every call)', async () => {
    const byId = '/api/v1/businesses/{id}';
    expect(documentedOperations().get(`get ${byId}`)).toEqual([
      expect.objectContaining({ status: 200, mediaType: 'application/json' }),
    ]);
    await expect(checkAgainstDocument(documentedOperations(), 'GET', byId, json(200, { id: 7 }))).rejects.toThrow(
      /documented schema/,
    );
    await expect(checkAgainstDocument(documentedOperations(), 'GET', byId, json(201, {}))).rejects.toThrow(
      /the document says 200/,
    );
    await expect(
      checkAgainstDocument(documentedOperations(), 'GET', byId, json(404, { title: 'Not found' })),
    ).rejects.toThrow(/problem\+json/);
    await expect(
      checkAgainstDocument(
        documentedOperations(),
        'GET',
        byId,
        json(404, { type: 'about:blank', title: 'Not found', status: 404 }, 'application/problem+json'),
      ),
    ).resolves.toBeUndefined();
    await expect(checkAgainstDocument(documentedOperations(), 'GET', '/api/v1/nowhere', json(200, {}))).rejects.toThrow(
      /not in the OpenAPI/,
    );
  });
});
