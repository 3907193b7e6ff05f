export * from "./VpcPeering";
