// The served-version helpers live with the kinds (src/kinds/served.ts) so the controller and
// install share them; re-exported here for the commands that import them from this path.
export { listKindPages, servedResource, watchKind } from '../../kinds/served.js';
