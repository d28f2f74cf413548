import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { ProtectableTreeView } from '../components/protectable-tree-view.js';
import { useAsync } from '../components/use-async.js';
import { loadProtectables } from '../model/load-protectables.js';
import { typeName } from '../model/protectable-tree.js';
import { href } from '../model/routes.js';

export const ProtectablesPage = () => {
  const { client } = useConsole();
  const { data, error, loading } = useAsync(() => loadProtectables(client), [client]);
  return (
    <>
      <h1>Resources</h1>
      <p>
        What this project has that can be protected. Resources listed under another are protected with it.{' '}
        <a href={href.newPlan}>Create a plan</a> to protect some of them.
      </p>
      <ErrorNotice error={error} />
      {loading && !data && <p role="status">Loading resources…</p>}
      {data?.failures.map((failure) => (
        <ErrorNotice
          key={failure.type}
          error={failure.error}
          context={`${typeName(failure.type)}s could not be listed`}
        />
      ))}
      {data && <ProtectableTreeView nodes={data.tree} />}
    </>
  );
};
