export * from "./policyDocument";
export * from "./ServiceRoles";
