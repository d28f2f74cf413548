import { useState } from 'preact/hooks';
import type { Checkpoint, Provider, Resource } from '../api/karbor-types.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { SchemaForm } from '../components/schema-form.js';
import { useAction, useAsync } from '../components/use-async.js';
import { resourceLabel } from '../model/protectable-tree.js';
import {
  checkpointResources,
  type RestoreTarget,
  restoreParameters,
  restoreTargetFields,
} from '../model/restore-model.js';
import { href } from '../model/routes.js';
import {
  type FormValues,
  fieldsFromSchema,
  initialValues,
  toParameters,
} from '../model/schema-form-model.js';
import { RestoreTargetForm } from './restore-target-form.js';

/**
 * Restore a checkpoint in three steps: where to (this project or another), per-resource
 * options from the provider's restore_schema (names, network and flavor mapping), review.
 */

const steps = ['Target', 'Options', 'Review'] as const;

const Wizard = ({ provider, checkpoint }: { provider: Provider; checkpoint: Checkpoint }) => {
  const { client } = useConsole();
  const action = useAction();
  const [step, setStep] = useState(0);
  const [target, setTarget] = useState<RestoreTarget>({ mode: 'same' });
  const resources = checkpointResources(checkpoint);
  const schemaFor = (resource: Resource) =>
    fieldsFromSchema(provider.extended_info_schema.restore_schema?.[resource.type]);
  const withOptions = resources.filter((resource) => schemaFor(resource).length > 0);
  const [values, setValues] = useState<Record<string, FormValues>>(() =>
    Object.fromEntries(withOptions.map((r) => [`${r.type}#${r.id}`, initialValues(schemaFor(r))])),
  );

  const start = () =>
    action.run(async () => {
      const perResource = new Map(
        withOptions.map((r) => [r, toParameters(schemaFor(r), values[`${r.type}#${r.id}`] ?? {})] as const),
      );
      const restore = await client.createRestore({
        provider_id: provider.id,
        checkpoint_id: checkpoint.id,
        parameters: restoreParameters(perResource),
        ...restoreTargetFields(target),
      });
      window.location.hash = href.restoreDetail(restore.id);
    });

  const next = () => {
    if (step === 0) {
      action.clear();
      try {
        restoreTargetFields(target);
      } catch (error) {
        void action.run(() => Promise.reject(error));
        return;
      }
    }
    setStep(step + 1);
  };

  return (
    <>
      <ol class="steps" aria-label="Restore steps">
        {steps.map((name, index) => (
          <li key={name} aria-current={index === step ? 'step' : undefined}>
            {index + 1}. {name}
          </li>
        ))}
      </ol>
      <h2>{steps[step]}</h2>
      {step === 0 && <RestoreTargetForm target={target} onChange={setTarget} />}
      {step === 1 &&
        (withOptions.length === 0 ? (
          <p>This provider has no restore options for these resources.</p>
        ) : (
          withOptions.map((resource) => {
            const key = `${resource.type}#${resource.id}`;
            return (
              <SchemaForm
                key={key}
                legend={resourceLabel(resource)}
                idPrefix={`restore-${resource.id}`}
                fields={schemaFor(resource)}
                values={values[key] ?? {}}
                onChange={(next) => setValues({ ...values, [key]: next })}
              />
            );
          })
        ))}
      {step === 2 && (
        <dl class="review">
          <dt>Checkpoint</dt>
          <dd>
            <code>{checkpoint.id}</code> of plan {checkpoint.protection_plan.name}
          </dd>
          <dt>Into</dt>
          <dd>
            {target.mode === 'same'
              ? 'This project'
              : `Project ${target.projectName} at ${target.keystoneUrl}`}
          </dd>
          <dt>Resources</dt>
          <dd>
            <ul>
              {resources.map((r) => (
                <li key={`${r.type}#${r.id}`}>{resourceLabel(r)}</li>
              ))}
            </ul>
          </dd>
        </dl>
      )}
      <ErrorNotice error={action.error} context="The restore was not started" />
      <div class="form-actions">
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)} disabled={action.busy}>
            Back
          </button>
        )}
        {step < steps.length - 1 ? (
          <button type="button" class="button-primary" onClick={next}>
            Next
          </button>
        ) : (
          <button type="button" class="button-primary" onClick={start} disabled={action.busy}>
            Start restore
          </button>
        )}
      </div>
    </>
  );
};

export const RestoreWizardPage = ({
  providerId,
  checkpointId,
}: {
  providerId: string;
  checkpointId: string;
}) => {
  const { client } = useConsole();
  const loaded = useAsync(async () => {
    const [providers, checkpoint] = await Promise.all([
      client.providers(),
      client.checkpoint(providerId, checkpointId),
    ]);
    return { provider: providers.find((p) => p.id === providerId), checkpoint };
  }, [client, providerId, checkpointId]);
  const data = loaded.data;
  return (
    <>
      <h1>Restore a checkpoint</h1>
      <ErrorNotice error={loaded.error} />
      {loaded.loading && !data && <p role="status">Loading checkpoint…</p>}
      {data && !data.provider && <p>The checkpoint's provider is no longer offered.</p>}
      {data?.provider && data.checkpoint.status !== 'available' && (
        <p>Only available checkpoints can be restored; this one is {data.checkpoint.status}.</p>
      )}
      {data?.provider && data.checkpoint.status === 'available' && (
        <Wizard provider={data.provider} checkpoint={data.checkpoint} />
      )}
    </>
  );
};
