// Imported first by the entries, for its effect: stop at once, with a clear message, on too old a Node
// (ES modules run their imports in order, so this runs before any dependency loads).
import { exitUnlessNodeIsRecent } from './node-version.ts';

exitUnlessNodeIsRecent();
