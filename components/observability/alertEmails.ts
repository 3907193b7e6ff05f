import { shown } from "../shared/validation";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Problems with a list of alert email addresses (`alertEmails` of every component that owns an
 * alert topic), or an empty list: each must look like an address, and appear once, because the
 * address keys its subscription.
 */
export function alertEmailProblems(emails: readonly string[]): string[] {
    const bad = emails.filter((e) => !EMAIL.test(e));
    const repeated = [...new Set(emails.filter((e, i) => emails.indexOf(e) !== i))];
    return [
        ...(bad.length > 0 ? [`alertEmails: expected email addresses, got ${shown(bad)}`] : []),
        ...(repeated.length > 0 ? [`alertEmails: expected each address once, got ${shown(repeated)} more than once`] : []),
    ];
}
