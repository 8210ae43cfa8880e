// The on-device MRZ slot on the review screen (issue 7 fills it): nothing at all without a result,
// the verdict in words with the fields when there is one.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MrzResultView } from '../../../renderer/src/components/MrzResultView';

describe('MrzResultView slot', () => {
  it('renders nothing when no result is given', () => {
    expect(renderToStaticMarkup(createElement(MrzResultView, {}))).toBe('');
    expect(renderToStaticMarkup(createElement(MrzResultView, { result: null }))).toBe('');
  });

  it('renders the verdict and the fields when a result is given', () => {
    const html = renderToStaticMarkup(
      createElement(MrzResultView, { result: { valid: false, fields: [{ name: 'documentNumber', label: 'Document number', value: 'L898902C3' }] } }),
    );
    expect(html).toContain('mrz-invalid');
    expect(html).toContain('review.mrzInvalid'); // the key (no i18n set up here): the text comes from the locale files
    expect(html).toContain('L898902C3');
  });
});
