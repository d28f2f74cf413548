import { synthesizeApp } from './support/synthesized-app.js';

/**
 * Global setup of the aws-runtime tier: the cloud assembly `cdk synth` makes and the mover
 * image's /app, built once per source tree (cached; the first synth takes about 3 minutes).
 */
export default async function setup(): Promise<void> {
  const app = await synthesizeApp();
  process.env.KARBOR_AWS_RUNTIME_ASSEMBLY = app.assembly;
  process.env.KARBOR_AWS_RUNTIME_MOVER_APP = app.moverApp;
}
