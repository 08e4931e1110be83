import { customAlphabet } from 'nanoid';

// nanoid's default alphabet (A-Za-z0-9_-), 21 characters: ~126 bits, as the spec's id pattern says.
const nanoid = customAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 21);

export const newJobId = () => `job_${nanoid()}`;
export const newTemplateId = () => `tpl_${nanoid()}`;
export const newProjectId = () => `proj_${nanoid()}`;
export const newProjectDocumentId = () => `pdoc_${nanoid()}`;
export const newWorkerId = () => `wrk_${nanoid()}`;
export const newWebhookEndpointId = () => `we_${nanoid()}`;
export const newWebhookDeliveryId = () => `wdl_${nanoid()}`;
export const newWebhookAttemptId = () => `wda_${nanoid()}`;
