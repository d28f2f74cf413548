import { useMemo, useState } from 'preact/hooks';
import { InputError } from '../api/api-error.js';
import type { Parameters, Plan, Provider, Resource } from '../api/karbor-types.js';
import { CliEquivalent } from '../components/cli-equivalent.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { ProtectableTreeView } from '../components/protectable-tree-view.js';
import { SchemaForm } from '../components/schema-form.js';
import { useAction, useAsync } from '../components/use-async.js';
import { cli } from '../model/cli-equivalent.js';
import { loadProtectables } from '../model/load-protectables.js';
import { flatten, resourceKey, type TreeNode, typeName } from '../model/protectable-tree.js';
import { href } from '../model/routes.js';
import {
  type FormValues,
  fieldsFromSchema,
  initialValues,
  toParameters,
} from '../model/schema-form-model.js';

/**
 * Create a plan from selected resources, or edit one: name, provider, resources, and the
 * provider's options per resource type, rendered from its options_schema.
 */

const toResource = (node: TreeNode): Resource => ({
  id: node.resource.id,
  type: node.resource.type,
  name: node.resource.name,
  ...(node.resource.extra_info ? { extra_info: node.resource.extra_info } : {}),
});

interface Loaded {
  readonly providers: Provider[];
  readonly plan: Plan | undefined;
}

const PlanForm = ({ providers, plan }: Loaded) => {
  const { client } = useConsole();
  const protectables = useAsync(() => loadProtectables(client), [client]);
  const action = useAction();
  const [name, setName] = useState(plan?.name ?? '');
  const [description, setDescription] = useState(plan?.description ?? '');
  const [providerId, setProviderId] = useState(plan?.provider_id ?? providers[0]?.id ?? '');
  const [selected, setSelected] = useState<Map<string, Resource>>(
    () => new Map((plan?.resources ?? []).map((r) => [resourceKey(r), r])),
  );
  const [options, setOptions] = useState<Record<string, FormValues>>({});
  const [done, setDone] = useState<string | undefined>(undefined);
  const provider = providers.find((p) => p.id === providerId);
  const locked = plan?.status === 'started';

  const types = useMemo(() => [...new Set([...selected.values()].map((r) => r.type))].sort(), [selected]);
  const schemaFields = (type: string) =>
    fieldsFromSchema(provider?.extended_info_schema.options_schema?.[type]);
  const valuesFor = (type: string): FormValues =>
    options[type] ?? initialValues(schemaFields(type), plan?.parameters[type] ?? {});

  const toggle = (node: TreeNode, checked: boolean) => {
    const next = new Map(selected);
    for (const item of checked ? [node] : flatten(node)) {
      if (checked) next.set(item.key, toResource(item));
      else next.delete(item.key);
    }
    setSelected(next);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      if (name.trim() === '') throw new InputError('Give the plan a name.');
      if (selected.size === 0) throw new InputError('Select at least one resource to protect.');
      const parameters: Parameters = {};
      for (const type of types) {
        const values = toParameters(schemaFields(type), valuesFor(type));
        if (Object.keys(values).length > 0) parameters[type] = values;
      }
      const resources = [...selected.values()];
      if (plan) {
        await client.updatePlan(plan.id, {
          name: name.trim(),
          description: description.trim() || null,
          resources,
          parameters,
        });
        setDone(cli.planUpdate(plan.id, { name: name.trim() }));
      } else {
        const created = await client.createPlan({
          name: name.trim(),
          description: description.trim() || null,
          provider_id: providerId,
          resources,
          parameters,
        });
        setDone(cli.planCreate(created.name, providerId, resources, parameters));
        window.location.hash = href.checkpoints(created.id);
      }
    });
  };

  return (
    <form onSubmit={submit} aria-label={plan ? `Edit plan ${plan.name}` : 'New plan'}>
      {locked && (
        <div class="notice notice-info" role="status">
          This plan is started. Suspend it on the <a href={href.plans}>plans page</a> to change it.
        </div>
      )}
      <fieldset disabled={locked || action.busy}>
        <legend>Plan</legend>
        <FormField id="plan-name" label="Name">
          <input
            id="plan-name"
            value={name}
            required
            maxLength={255}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </FormField>
        <FormField id="plan-description" label="Description">
          <input
            id="plan-description"
            value={description}
            maxLength={255}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </FormField>
        <FormField id="plan-provider" label="Provider">
          <select
            id="plan-provider"
            value={providerId}
            disabled={plan !== undefined}
            aria-describedby="plan-provider-help"
            onChange={(e) => setProviderId(e.currentTarget.value)}
          >
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <small id="plan-provider-help" class="help">
            {provider?.description}
          </small>
        </FormField>
      </fieldset>
      <fieldset disabled={locked || action.busy}>
        <legend>Resources to protect</legend>
        <ErrorNotice error={protectables.error} />
        {protectables.loading && !protectables.data && <p role="status">Loading resources…</p>}
        {protectables.data?.failures.map((f) => (
          <ErrorNotice key={f.type} error={f.error} context={`${typeName(f.type)}s could not be listed`} />
        ))}
        {protectables.data && (
          <ProtectableTreeView
            nodes={protectables.data.tree}
            selected={new Set(selected.keys())}
            onToggle={toggle}
          />
        )}
        <p class="muted" aria-live="polite">
          {selected.size} selected
        </p>
      </fieldset>
      {types.map((type) => (
        <SchemaForm
          key={type}
          legend={`${typeName(type)} options`}
          idPrefix={`option-${type.replaceAll(':', '')}`}
          fields={schemaFields(type)}
          values={valuesFor(type)}
          disabled={locked || action.busy}
          onChange={(values) => setOptions({ ...options, [type]: values })}
        />
      ))}
      <ErrorNotice error={action.error} context="The plan was not saved" />
      {done && (
        <div class="notice notice-info" role="status">
          Saved.
        </div>
      )}
      {done && <CliEquivalent command={done} />}
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={locked || action.busy}>
          {plan ? 'Save plan' : 'Create plan'}
        </button>
        <a class="button" href={href.plans}>
          Back to plans
        </a>
      </div>
    </form>
  );
};

export const PlanEditorPage = ({ planId }: { planId?: string }) => {
  const { client } = useConsole();
  const loaded = useAsync(async (): Promise<Loaded> => {
    const [providers, plan] = await Promise.all([
      client.providers(),
      planId ? client.plan(planId) : Promise.resolve(undefined),
    ]);
    return { providers, plan };
  }, [client, planId]);
  return (
    <>
      <h1>{planId ? `Edit plan${loaded.data?.plan ? ` ${loaded.data.plan.name}` : ''}` : 'New plan'}</h1>
      <ErrorNotice error={loaded.error} />
      {loaded.loading && !loaded.data && <p role="status">Loading…</p>}
      {loaded.data && <PlanForm {...loaded.data} />}
    </>
  );
};
