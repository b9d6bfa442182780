/**
 * A web node must not pay for CRM SDKs it does not use: loading the app and building the connector registry
 * (all three providers configured) loads none of them; the first call that needs one loads it.
 * Runs testkit/sdk-probe.ts in its own process, so this file's own imports cannot pollute the answer.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_MANIFESTS } from '../../connectors/index.ts';

const root = join(import.meta.dirname, '../..');

describe('CRM and calendar SDKs load on first use', () => {
  it('are not loaded by the app and the registry; Google authorize then loads google-auth-library', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'testkit/sdk-probe.ts', 'authorize-google'],
      { cwd: root },
    ).catch((e) => {
      throw new Error(`probe exited with ${e.code ?? e.signal}: ${e.stderr}`);
    });
    expect(JSON.parse(stdout)).toEqual({
      providers: BUILT_IN_MANIFESTS.map((m) => m.provider).sort(),
      atStartup: [],
      // Proves the probe sees a load: authorizeUrl builds the URL with google-auth-library.
      afterGoogleAuthorize: ['google-auth-library'],
    });
  });

  it('are loaded at once by a sync worker, so its first push does not wait for the import', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'testkit/sdk-probe.ts', 'worker'],
      { cwd: root },
    ).catch((e) => {
      throw new Error(`probe exited with ${e.code ?? e.signal}: ${e.stderr}`);
    });
    const out = JSON.parse(stdout) as { atStartup: string[]; afterWorkerStart: string[] };
    expect(out.atStartup).toEqual([]);
    expect(out.afterWorkerStart).toEqual(
      expect.arrayContaining(BUILT_IN_MANIFESTS.flatMap((m) => m.lazyPackages ?? [])),
    );
  });
});
