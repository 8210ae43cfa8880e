// Which document in a ZignSec session's list carries a given capture (main/providers/zignsec/adapter.ts,
// documentMatchesCapture): the reconciliation after a lost upload reply trusts this answer to decide
// between "already uploaded" and "upload again", so a false match loses an image and a missed match
// uploads it twice.
import { describe, expect, it } from 'vitest';
import { documentMatchesCapture } from '../../../main/providers/zignsec/adapter';

const doc = (fields: Record<string, unknown>) => ({ id: 7, image_url: null, ...fields }) as unknown as Parameters<typeof documentMatchesCapture>[0];

describe('documentMatchesCapture', () => {
  it('matches the file name the kiosk uploaded it under (<capture id>.jpg), also behind a folder prefix', () => {
    expect(documentMatchesCapture(doc({ file_name: 'cap-1.jpg' }), 'cap-1')).toBe(true);
    expect(documentMatchesCapture(doc({ file_name: 'sessions/abc/cap-1.jpg' }), 'cap-1')).toBe(true);
  });

  it('matches the reference field when ZignSec names the file otherwise', () => {
    expect(documentMatchesCapture(doc({ file_name: 'document_1.jpeg', reference: 'cap-1' }), 'cap-1')).toBe(true);
  });

  it("does not match another capture's document, by name or by reference", () => {
    expect(documentMatchesCapture(doc({ file_name: 'cap-2.jpg' }), 'cap-1')).toBe(false);
    expect(documentMatchesCapture(doc({ file_name: 'cap-1.jpg.tmp' }), 'cap-1')).toBe(false);
    expect(documentMatchesCapture(doc({ file_name: 'cap-1' }), 'cap-1')).toBe(false);
    expect(documentMatchesCapture(doc({ file_name: 'document_1.jpeg', reference: 'cap-2' }), 'cap-1')).toBe(false);
    expect(documentMatchesCapture(doc({ file_name: '', reference: null }), 'cap-1')).toBe(false);
  });
});
