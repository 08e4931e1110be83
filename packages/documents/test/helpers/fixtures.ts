import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The real public documents (fixtures/real, sources in its README). */
export function realFixturesDir(): string {
  return path.join(packageDir, 'fixtures/real');
}

/** This package's own generated fixtures. */
export const localFixturesDir = path.join(packageDir, 'fixtures');

/** Bytes of a shared fixture. */
export function realFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(realFixturesDir(), name)));
}

/** Bytes of a local fixture. */
export function localFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(localFixturesDir, name)));
}

/** A base64 data URL for bytes. */
export function dataUrl(mimeType: string, bytes: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** A document reference `{filename, url}` for a fixture file. */
export function documentRef(filename: string, mimeType: string, bytes: Uint8Array): { filename: string; url: string } {
  return { filename, url: dataUrl(mimeType, bytes) };
}
