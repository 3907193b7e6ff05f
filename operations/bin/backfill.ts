/** `npm run backfill -- --from <stack> --to <stack>`: see operations/backfillCommand.ts. */
import { backfillMain } from "../backfillCommand";
import { run } from "./environment";

run(backfillMain);
