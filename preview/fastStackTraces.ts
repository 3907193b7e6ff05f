/**
 * Imported first by the preview's entry points. Pulumi captures a stack trace for every
 * resource it registers; under ts-node each capture is source-mapped frame by frame, which
 * costs more than evaluating the stacks. The preview reports errors by message, so V8's own
 * (unmapped) stack formatting is enough here. Tests keep the mapped traces.
 */
(Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
export {};
