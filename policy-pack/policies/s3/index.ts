/**
 * S3 controls, one file per concern. Bucket-level rules are stack policies that join the split companion
 * resources to their bucket through the resource graph (see `../lib/s3.ts`); document-level rules are resource
 * policies. `s3Policies` is in README order.
 */
export * from "./bucketPolicy";
export * from "./dataProtection";
export * from "./encryption";
export * from "./lifecycle";
export * from "./logging";
export * from "./notifications";
export * from "./publicAccess";
export * from "./replication";
export * from "./versioning";
import { dataStoresProtected } from "./dataProtection";
import { s3BucketPolicyNoCrossAccountSensitiveActions, s3BucketPolicyTlsOnly } from "./bucketPolicy";
import { s3BucketServerSideEncryption, s3BucketSseKms } from "./encryption";
import { s3BucketLifecycleNoncurrentVersions } from "./lifecycle";
import { s3BucketAccessLoggingEnabled } from "./logging";
import { s3BucketEventNotifications } from "./notifications";
import { s3BucketAclNotPublic, s3BucketAclsDisabled, s3BucketPolicyNoPublicAccess, s3BucketPublicAccessBlocked } from "./publicAccess";
import {
    s3RegionalDataBucketsReplicated,
    s3ReplicationBothSidesVersioned,
    s3ReplicationRulesEnabled,
    s3ReplicationTimeControl,
} from "./replication";
import { s3BucketVersioningEnabled } from "./versioning";

export const s3Policies = [
    s3BucketVersioningEnabled,
    s3BucketServerSideEncryption,
    s3BucketSseKms,
    s3BucketPublicAccessBlocked,
    s3BucketPolicyNoPublicAccess,
    s3BucketAclNotPublic,
    s3BucketPolicyTlsOnly,
    s3BucketPolicyNoCrossAccountSensitiveActions,
    s3BucketAccessLoggingEnabled,
    s3BucketLifecycleNoncurrentVersions,
    s3BucketEventNotifications,
    s3BucketAclsDisabled,
    s3ReplicationRulesEnabled,
    s3RegionalDataBucketsReplicated,
    s3ReplicationTimeControl,
    s3ReplicationBothSidesVersioned,
    dataStoresProtected,
];
