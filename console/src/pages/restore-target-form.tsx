import { FormField } from '../components/form-field.js';
import type { RestoreTarget } from '../model/restore-model.js';

/** Where a restore goes: this project, or another project the user has a password for. */
export const RestoreTargetForm = ({
  target,
  onChange,
}: {
  target: RestoreTarget;
  onChange: (target: RestoreTarget) => void;
}) => {
  const other = target.mode === 'other' ? target : undefined;
  const choose = (mode: RestoreTarget['mode']) =>
    onChange(
      mode === 'same'
        ? { mode }
        : { mode, keystoneUrl: '', userName: '', password: '', projectName: '', domainName: 'Default' },
    );
  const set = (
    key: 'keystoneUrl' | 'userName' | 'password' | 'projectName' | 'domainName',
    value: string,
  ) => {
    if (other) onChange({ ...other, [key]: value });
  };
  const input = (
    key: Parameters<typeof set>[0],
    label: string,
    type: 'text' | 'url' | 'password' = 'text',
    help?: string,
  ) => (
    <FormField id={`target-${key}`} label={label}>
      {type === 'password' ? (
        <input
          id={`target-${key}`}
          type="password"
          autocomplete="new-password"
          value={other?.[key] ?? ''}
          aria-describedby={help ? `target-${key}-help` : undefined}
          onInput={(event) => set(key, event.currentTarget.value)}
        />
      ) : (
        <input
          id={`target-${key}`}
          type="text"
          inputMode={type === 'url' ? 'url' : undefined}
          autocomplete="off"
          value={other?.[key] ?? ''}
          aria-describedby={help ? `target-${key}-help` : undefined}
          onInput={(event) => set(key, event.currentTarget.value)}
        />
      )}
      {help && (
        <small id={`target-${key}-help`} class="help">
          {help}
        </small>
      )}
    </FormField>
  );
  return (
    <fieldset>
      <legend>Restore into</legend>
      <div class="field field-check">
        <input
          id="target-same"
          type="radio"
          name="target"
          checked={target.mode === 'same'}
          onChange={() => choose('same')}
        />
        <label for="target-same">This project</label>
      </div>
      <div class="field field-check">
        <input
          id="target-other"
          type="radio"
          name="target"
          checked={target.mode === 'other'}
          onChange={() => choose('other')}
        />
        <label for="target-other">Another project</label>
      </div>
      {other && (
        <div class="indent">
          {input(
            'keystoneUrl',
            'Keystone URL of the target cloud',
            'url',
            'For example https://keystone.example.com:5000/v3',
          )}
          {input('projectName', 'Target project')}
          {input('userName', 'User name in the target project')}
          {input(
            'password',
            'Password',
            'password',
            'Used only for this restore; stored encrypted and removed after a day.',
          )}
          {input('domainName', 'Domain')}
        </div>
      )}
    </fieldset>
  );
};
