import { App, Validations } from 'aws-cdk-lib';
import { buildKarborApp, nagPacks } from './karbor-app.js';

const app = new App();
buildKarborApp(app);
Validations.of(app).addPlugins(...nagPacks(app));
