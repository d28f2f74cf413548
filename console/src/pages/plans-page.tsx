import { useState } from 'preact/hooks';
import type { Plan } from '../api/karbor-types.js';
import { CliEquivalent } from '../components/cli-equivalent.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAction, useAsync } from '../components/use-async.js';
import { cli } from '../model/cli-equivalent.js';
import { resourceLabel } from '../model/protectable-tree.js';
import { href } from '../model/routes.js';

/** The project's plans: protect now, start/suspend, edit, delete, and their checkpoints. */
export const PlansPage = () => {
  const { client } = useConsole();
  const plans = useAsync(() => client.plans(), [client]);
  const action = useAction();
  const [lastCommand, setLastCommand] = useState<string | undefined>(undefined);

  const setStatus = (plan: Plan, status: Plan['status']) =>
    action.run(async () => {
      await client.updatePlan(plan.id, { status });
      setLastCommand(cli.planUpdate(plan.id, { status }));
      plans.reload();
    });

  const remove = (plan: Plan) =>
    action.run(async () => {
      await client.deletePlan(plan.id);
      setLastCommand(cli.planDelete(plan.id));
      plans.reload();
    });

  const protect = (plan: Plan) =>
    action.run(async () => {
      await client.createCheckpoint(plan.provider_id, plan.id);
      window.location.hash = href.checkpoints(plan.id);
    });

  return (
    <>
      <h1>Plans</h1>
      <p>
        A plan says which resources to protect and how. <a href={href.newPlan}>Create a plan</a>
      </p>
      <ErrorNotice error={plans.error} />
      <ErrorNotice error={action.error} context="The action failed" />
      {lastCommand && <CliEquivalent command={lastCommand} />}
      {plans.loading && !plans.data && <p role="status">Loading plans…</p>}
      {plans.data?.length === 0 && <p>No plans yet.</p>}
      {plans.data && plans.data.length > 0 && (
        <table class="list">
          <caption class="visually-hidden">Plans</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Resources</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {plans.data.map((plan) => (
              <tr key={plan.id}>
                <th scope="row">
                  <a href={href.checkpoints(plan.id)}>{plan.name}</a>
                  {plan.description && <div class="muted">{plan.description}</div>}
                </th>
                <td>
                  <StatusBadge status={plan.status} />
                </td>
                <td>{plan.resources.map(resourceLabel).join(', ')}</td>
                <td class="actions">
                  <button
                    type="button"
                    class="button-primary"
                    disabled={action.busy}
                    onClick={() => protect(plan)}
                  >
                    Protect now<span class="visually-hidden"> {plan.name}</span>
                  </button>
                  {plan.status === 'started' ? (
                    <button type="button" disabled={action.busy} onClick={() => setStatus(plan, 'suspended')}>
                      Suspend<span class="visually-hidden"> {plan.name}</span>
                    </button>
                  ) : (
                    <button type="button" disabled={action.busy} onClick={() => setStatus(plan, 'started')}>
                      Start<span class="visually-hidden"> {plan.name}</span>
                    </button>
                  )}
                  <a class="button" href={href.plan(plan.id)}>
                    Edit<span class="visually-hidden"> {plan.name}</span>
                  </a>
                  <ConfirmButton
                    label="Delete"
                    accessibleLabel={`Delete ${plan.name}`}
                    confirmLabel={`Delete plan ${plan.name}`}
                    question="Its checkpoints are kept."
                    disabled={action.busy}
                    onConfirm={() => remove(plan)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
