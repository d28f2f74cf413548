import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { fieldsFromSchema } from '../model/schema-form-model.js';
import { SchemaForm } from './schema-form.js';

const fields = fieldsFromSchema({
  type: 'object',
  properties: {
    force: { type: 'boolean', title: 'Force', description: 'Snapshot attached volumes too.' },
    block_size_mib: { type: 'integer', title: 'Block size (MiB)', enum: [1, 4] },
    restore_name: { type: 'string', title: 'Restore name' },
    copies: { type: 'integer', title: 'Copies', minimum: 1 },
  },
});

const render = () =>
  renderToString(
    <SchemaForm
      legend="Volume options"
      idPrefix="opt"
      fields={fields}
      values={{ force: true, block_size_mib: '4', restore_name: 'x', copies: '' }}
      onChange={() => undefined}
    />,
  );

describe('SchemaForm', () => {
  it('labels every input and ties descriptions to it', () => {
    const html = render();
    expect(html).toContain('<legend>Volume options</legend>');
    for (const id of ['opt-force', 'opt-block_size_mib', 'opt-restore_name', 'opt-copies']) {
      expect(html).toContain(`for="${id}"`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('aria-describedby="opt-force-help"');
    expect(html).toContain('Snapshot attached volumes too.');
  });

  it('uses a checkbox, a select with the enum, a text and a number input', () => {
    const html = render();
    expect(html).toMatch(/<input id="opt-force" type="checkbox"[^>]*checked/);
    expect(html).toMatch(/<select id="opt-block_size_mib"/);
    expect(html).toContain('<option value="1">1</option>');
    expect(html).toMatch(/<option[^>]*value="4"[^>]*>4<\/option>/);
    expect(html).toMatch(/<input id="opt-restore_name" type="text"[^>]*value="x"/);
    expect(html).toMatch(/<input id="opt-copies" type="number"[^>]*min="1"/);
  });

  it('renders nothing for a schema without fields', () => {
    expect(
      renderToString(
        <SchemaForm legend="None" idPrefix="n" fields={[]} values={{}} onChange={() => undefined} />,
      ),
    ).toBe('');
  });
});
