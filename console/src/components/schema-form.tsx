import type { Field, FormValues } from '../model/schema-form-model.js';
import { FormField } from './form-field.js';

/**
 * Form fields for a provider schema (options_schema / restore_schema entry): checkboxes for
 * booleans, selects for enums, number and text inputs otherwise; every input labelled, its
 * description tied to it.
 */
export const SchemaForm = ({
  legend,
  fields,
  values,
  idPrefix,
  onChange,
  disabled,
}: {
  legend: string;
  fields: readonly Field[];
  values: FormValues;
  idPrefix: string;
  onChange: (values: FormValues) => void;
  disabled?: boolean;
}) => {
  if (fields.length === 0) return null;
  const set = (name: string, value: string | boolean) => onChange({ ...values, [name]: value });
  return (
    <fieldset class="schema-form" disabled={disabled}>
      <legend>{legend}</legend>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const help = field.description ? `${id}-help` : undefined;
        const value = values[field.name];
        const description = help && (
          <small id={help} class="help">
            {field.description}
          </small>
        );
        if (field.kind === 'boolean') {
          return (
            <div class="field field-check" key={field.name}>
              <input
                id={id}
                type="checkbox"
                checked={value === true}
                aria-describedby={help}
                onChange={(event) => set(field.name, event.currentTarget.checked)}
              />
              <label for={id}>{field.label}</label>
              {description}
            </div>
          );
        }
        return (
          <FormField
            key={field.name}
            id={id}
            label={field.required ? `${field.label} (required)` : field.label}
          >
            {field.kind === 'choice' ? (
              <select
                id={id}
                value={String(value ?? '')}
                aria-describedby={help}
                onChange={(event) => set(field.name, event.currentTarget.value)}
              >
                {!field.required && <option value="">Provider default</option>}
                {field.choices.map((choice) => (
                  <option key={String(choice)} value={String(choice)}>
                    {String(choice)}
                  </option>
                ))}
              </select>
            ) : field.kind === 'string' ? (
              <input
                id={id}
                type="text"
                required={field.required}
                value={String(value ?? '')}
                aria-describedby={help}
                onInput={(event) => set(field.name, event.currentTarget.value)}
              />
            ) : (
              <input
                id={id}
                type="number"
                min={field.minimum}
                max={field.maximum}
                step={field.kind === 'integer' ? 1 : 'any'}
                required={field.required}
                value={String(value ?? '')}
                aria-describedby={help}
                onInput={(event) => set(field.name, event.currentTarget.value)}
              />
            )}
            {description}
          </FormField>
        );
      })}
    </fieldset>
  );
};
