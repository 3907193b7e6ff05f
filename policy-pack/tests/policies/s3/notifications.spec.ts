import * as s3 from "../../../policies/s3/notifications";
import { U, edit, set, stackPolicySuite, without } from "../../harness";
import { stack, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketEventNotifications, {
    compliant: stack,
    cases: cases([
        "eventbridge false and no targets",
        (f) => edit(f, "data-notification", (p) => set(p, "eventbridge", false)),
        ['data: Bucket "data" BucketNotification sends no events (eventbridge, topics, queues or lambdaFunctions).'],
    ]),
    unset: ["no BucketNotification", (f) => without(f, "logs-notification"), ['logs: Bucket "logs" has no BucketNotification.']],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with one notification's targets unknown and the other bucket's missing",
        edit(firstPreview(without(stack, "logs-notification")), "data-notification", () => ({ bucket: U.string, eventbridge: U.boolean })),
        ['logs: Bucket "logs" has no BucketNotification.'],
    ],
});
