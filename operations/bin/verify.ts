/** `npm run verify -- [--stacks a,b] [--json]`: see operations/verifyCommand.ts. */
import { verifyMain } from "../verifyCommand";
import { run } from "./environment";

run(verifyMain);
