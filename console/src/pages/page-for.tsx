import type { Route } from '../model/routes.js';
import { CheckpointsPage } from './checkpoints-page.js';
import { OperationLogPage } from './operation-log-page.js';
import { PlanEditorPage } from './plan-editor-page.js';
import { PlansPage } from './plans-page.js';
import { ProtectablesPage } from './protectables-page.js';
import { RestoreDetailPage } from './restore-detail-page.js';
import { RestoreWizardPage } from './restore-wizard-page.js';
import { RestoresPage } from './restores-page.js';
import { SchedulesPage } from './schedules-page.js';
import { VerificationsPage } from './verifications-page.js';

export const PageFor = ({ route }: { route: Route }) => {
  switch (route.page) {
    case 'protectables':
      return <ProtectablesPage />;
    case 'plans':
      return <PlansPage />;
    case 'plan-new':
      return <PlanEditorPage />;
    case 'plan-edit':
      return <PlanEditorPage key={route.planId} planId={route.planId} />;
    case 'checkpoints':
      return <CheckpointsPage key={route.planId} planId={route.planId} />;
    case 'restore':
      return <RestoreWizardPage providerId={route.providerId} checkpointId={route.checkpointId} />;
    case 'schedules':
      return <SchedulesPage />;
    case 'restores':
      return <RestoresPage />;
    case 'restore-detail':
      return <RestoreDetailPage key={route.restoreId} restoreId={route.restoreId} />;
    case 'verifications':
      return <VerificationsPage />;
    case 'operation-log':
      return <OperationLogPage />;
    case 'not-found':
      return (
        <>
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. <a href="#/plans">Go to your plans</a>.
          </p>
        </>
      );
  }
};
