import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';
import { listVersions } from '../../lib/karbor/versions.js';

export const handler = createGroupHandler('versions', { index: listVersions }, () => ({}));
