export { CHROMIUM, CHROMIUM_ARGS, chromiumLaunchOptions } from './chromium.js';
export { PRISM_LISTENING, startProcess, type RunningProcess, type StartOptions } from './processes.js';
export {
  answersEventStream,
  deref,
  EVENT_STREAM_MEDIA,
  parseEventStream,
  describeErrors,
  operationById,
  operations,
  responseContent,
  responseSchema,
  schemas,
  spec,
  SPEC_JSON_PATH,
  SPEC_YAML_PATH,
  validatorFor,
  validatorOf,
  type HttpMethod,
  type JsonObject,
  type Operation,
} from './spec.js';
export { bodyRequired, sampleBody, samplePath, successes, type NamedExample, type SuccessResponse } from './examples.js';
