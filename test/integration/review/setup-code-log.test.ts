// The one-time supervisor setup code stays in its file: the start-up log line (which leaves the kiosk for
// the SIEM and diagnostics exports) names the file, never the code.
import { afterEach, describe, expect, it } from 'vitest';
import { reviewRig, setupCodeOf, type ReviewRig } from './support';

let rig: ReviewRig | null = null;
afterEach(() => rig?.close());

describe('supervisor setup code', () => {
  it('is written to its file and the log points there without containing it', () => {
    const lines: string[] = [];
    rig = reviewRig({}, undefined, (_level, message) => void lines.push(message));
    const code = setupCodeOf(rig.dir);
    expect(code).toMatch(/\S{6,}/);
    const notice = lines.find((l) => l.includes('No supervisor is set up yet'));
    expect(notice).toContain('supervisor-setup-code.txt');
    expect(lines.join('\n')).not.toContain(code);
  });
});
