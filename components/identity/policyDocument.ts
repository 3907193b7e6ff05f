/**
 * Typed IAM policy documents.
 *
 * Statements are written as `aws.iam.PolicyStatement` objects (typed by @pulumi/aws) and
 * serialised with `pulumi.jsonStringify`, never concatenated by hand. Identity-based
 * documents are checked for least privilege when they are built: a `*` or `service:*`
 * action, or an Allow on `Resource: "*"` without a reason, is refused (IAM.1, IAM.21).
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A statement, optionally with the reason a `Resource: "*"` Allow is unavoidable. */
export type Statement = aws.iam.PolicyStatement & {
    /**
     * Why this Allow must use `Resource: "*"` (e.g. the action supports no resource-level
     * permissions, like `xray:PutTraceSegments`). Not serialised.
     */
    readonly wildcardResourceReason?: string;
};

const actionsOf = (s: aws.iam.PolicyStatement): string[] => {
    const a = (s as { Action?: unknown }).Action;
    return a === undefined ? [] : Array.isArray(a) ? (a as string[]) : [a as string];
};

/** Problems with a statement's least privilege, or an empty list. */
export function leastPrivilegeProblems(statements: readonly Statement[]): string[] {
    const problems: string[] = [];
    statements.forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        const label = s.Sid ?? `statement ${i}`;
        for (const action of actionsOf(s)) {
            if (typeof action !== "string") continue;
            if (action === "*" || action.endsWith(":*"))
                problems.push(`${label}: action ${JSON.stringify(action)} grants a whole service; list the actions`);
        }
        if ((s as { NotAction?: unknown }).NotAction !== undefined) problems.push(`${label}: Allow with NotAction grants everything else`);
        const resources = s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource];
        if (resources.some((r) => r === "*") && !s.wildcardResourceReason) {
            problems.push(`${label}: Resource "*" needs a wildcardResourceReason`);
        }
    });
    return problems;
}

/**
 * Serialises an identity-based policy (attached to a role) after checking least privilege.
 * @throws Error listing every over-broad statement.
 */
export function identityPolicy(statements: readonly Statement[]): pulumi.Output<string> {
    const problems = leastPrivilegeProblems(statements);
    if (problems.length > 0) throw new Error(`policy is not least-privilege:\n  - ${problems.join("\n  - ")}`);
    return document(statements);
}

/** Serialises a resource-based policy (bucket, key, topic, trust policy). */
export function resourcePolicy(statements: readonly Statement[]): pulumi.Output<string> {
    return document(statements);
}

function document(statements: readonly Statement[]): pulumi.Output<string> {
    const clean = statements.map(({ wildcardResourceReason: _reason, ...s }) => s);
    const doc: aws.iam.PolicyDocument = { Version: "2012-10-17", Statement: clean };
    return pulumi.jsonStringify(doc);
}

/** Trust policy letting an AWS service assume a role, optionally pinned to this account. */
export function serviceTrustPolicy(service: string, sourceAccount?: pulumi.Input<string>): pulumi.Output<string> {
    return resourcePolicy([
        {
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
        },
    ]);
}
