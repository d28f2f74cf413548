import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('quota-classes', {}, () => ({}));
